"""Retail products and tax rates: owners and managers keep them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from salonkeep.accounts.access import (
    MANAGERS,
    BusinessRequest,
    for_business,
    get_for_business,
    staff_required,
)
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
    form = ProductForm(request.POST or None, business=request.business)
    if request.method == "POST" and form.is_valid():
        product = form.save()
        messages.success(request, f"Added the product {product.name}.")
        return redirect("sales:products")
    return render(request, "sales/product_form.html", {"form": form, "product": None})


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def product_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    product = get_for_business(Product, request.business, pk=pk)
    form = ProductForm(request.POST or None, instance=product, business=request.business)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Saved the product {product.name}.")
        return redirect("sales:products")
    return render(request, "sales/product_form.html", {"form": form, "product": product})


@require_GET
@staff_required(*MANAGERS)
def tax_rate_list(request: BusinessRequest) -> HttpResponse:
    rates = for_business(TaxRate, request.business)
    return render(request, "sales/tax_rates.html", {"rates": rates})


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def tax_rate_create(request: BusinessRequest) -> HttpResponse:
    form = TaxRateForm(request.POST or None, business=request.business)
    if request.method == "POST" and form.is_valid():
        rate = form.save()
        messages.success(request, f"Added the tax rate {rate.name}.")
        return redirect("sales:tax_rates")
    return render(request, "sales/tax_rate_form.html", {"form": form, "rate": None})


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def tax_rate_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    rate = get_for_business(TaxRate, request.business, pk=pk)
    form = TaxRateForm(request.POST or None, instance=rate, business=request.business)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request, f"Saved the tax rate {rate.name}. Tickets already opened keep their tax."
        )
        return redirect("sales:tax_rates")
    return render(request, "sales/tax_rate_form.html", {"form": form, "rate": rate})
