"""Putting a coupon on a ticket and taking it off."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from salonkeep.accounts.access import BOOKERS, BusinessRequest, get_for_business, staff_required
from salonkeep.coupons.forms import ApplyCouponForm
from salonkeep.coupons.rules import apply_coupon, remove_coupon
from salonkeep.sales.models import Ticket
from salonkeep.sales.views.tickets import form_problem, run_sale_action


@require_POST
@staff_required(*BOOKERS)
def apply(request: BusinessRequest, ticket_pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=ticket_pk)
    form = ApplyCouponForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("sales:ticket", pk=ticket.pk)
    run_sale_action(
        request,
        lambda: apply_coupon(ticket, request.user, form.cleaned_data["code"]),
        lambda use: f"Coupon {use.coupon.code} is on the ticket.",
    )
    return redirect("sales:ticket", pk=ticket.pk)


@require_POST
@staff_required(*BOOKERS)
def remove(request: BusinessRequest, ticket_pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=ticket_pk)
    run_sale_action(
        request,
        lambda: remove_coupon(ticket),
        lambda coupon: f"Coupon {coupon.code} was taken off.",
    )
    return redirect("sales:ticket", pk=ticket.pk)
