"""Coupons for owners and managers: the list, a new coupon, and changing one."""

from __future__ import annotations

from django.db.models import Count, Q
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
from salonkeep.coupons.forms import CouponForm
from salonkeep.coupons.models import Coupon
from salonkeep.sales.models import TicketStatus


@require_GET
@staff_required(*MANAGERS)
def coupon_list(request: BusinessRequest) -> HttpResponse:
    counted = Q(uses__released_at__isnull=True) & ~Q(uses__ticket__status=TicketStatus.VOIDED)
    coupons = (
        for_business(Coupon, request.business)
        .select_related("category", "service", "product")
        .annotate(used=Count("uses", filter=counted))
    )
    return render(request, "coupons/list.html", {"coupons": coupons})


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def coupon_create(request: BusinessRequest) -> HttpResponse:
    return _coupon_page(request, None)


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def coupon_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    return _coupon_page(request, get_for_business(Coupon, request.business, pk=pk))


def _coupon_page(request: BusinessRequest, coupon: Coupon | None) -> HttpResponse:
    return form_page(
        request,
        CouponForm,
        template="coupons/form.html",
        name="coupon",
        instance=coupon,
        done="coupons:list",
        saved_message=lambda saved: f"Coupon {saved.code} is saved.",
    )
