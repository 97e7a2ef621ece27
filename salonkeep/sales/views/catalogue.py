"""Retail products and tax rates: owners and managers keep them."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_http_methods

from salonkeep.accounts.access import (
    MANAGERS,
    BusinessRequest,
    for_business,
    get_for_business,
    staff_required,
)
from salonkeep.accounts.form_pages import form_page
from salonkeep.sales.forms import ProductForm, TaxRateForm
from salonkeep.sales.models import Product, TaxRate


@require_GET
@staff_required(*MANAGERS)
def product_list(request: BusinessRequest) -> HttpResponse:
    products = for_business(Product, request.business).select_related("tax_rate")
    return render(request, "sales/products.html", {"products": products})


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def product_create(request: BusinessRequest) -> HttpResponse:
    return _product_page(request, None, "Added the product {}.")


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def product_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    product = get_for_business(Product, request.business, pk=pk)
    return _product_page(request, product, "Saved the product {}.")


def _product_page(request: BusinessRequest, product: Product | None, said: str) -> HttpResponse:
    return form_page(
        request,
        ProductForm,
        template="sales/product_form.html",
        name="product",
        instance=product,
        done="sales:products",
        saved_message=lambda saved: said.format(saved.name),
    )


@require_GET
@staff_required(*MANAGERS)
def tax_rate_list(request: BusinessRequest) -> HttpResponse:
    rates = for_business(TaxRate, request.business)
    return render(request, "sales/tax_rates.html", {"rates": rates})


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def tax_rate_create(request: BusinessRequest) -> HttpResponse:
    return _tax_rate_page(request, None, "Added the tax rate {}.")


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def tax_rate_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    rate = get_for_business(TaxRate, request.business, pk=pk)
    return _tax_rate_page(
        request, rate, "Saved the tax rate {}. Tickets already opened keep their tax."
    )


def _tax_rate_page(request: BusinessRequest, rate: TaxRate | None, said: str) -> HttpResponse:
    return form_page(
        request,
        TaxRateForm,
        template="sales/tax_rate_form.html",
        name="rate",
        instance=rate,
        done="sales:tax_rates",
        saved_message=lambda saved: said.format(saved.name),
    )
