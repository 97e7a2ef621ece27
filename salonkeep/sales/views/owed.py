"""Payments owed: everything not yet collected, and collecting one (in person or by
telephone, as after an outage)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from salonkeep.accounts.access import BOOKERS, BusinessRequest, get_for_business, staff_required
from salonkeep.lib.money import format_money
from salonkeep.sales.daylock import SaleError, business_date
from salonkeep.sales.forms import CollectForm
from salonkeep.sales.models import Payment, PaymentMethod
from salonkeep.sales.payments import Tender, collect_owed, owed_payments


def age_text(days: int) -> str:
    return "today" if days == 0 else "1 day" if days == 1 else f"{days} days"


@require_GET
@staff_required(*BOOKERS)
def owed_list(request: BusinessRequest) -> HttpResponse:
    # Age in the salon's calendar days: owed yesterday evening is "1 day" this morning.
    today = business_date(request.business, timezone.now())
    rows = [
        (payment, age_text((today - payment.business_date).days))
        for payment in owed_payments(request.business)
    ]
    total = sum(payment.amount for payment, _ in rows)
    return render(request, "sales/owed.html", {"rows": rows, "total": total})


@require_http_methods(["GET", "POST"])
@staff_required(*BOOKERS)
def collect(request: BusinessRequest, pk: int) -> HttpResponse:
    owed = get_for_business(Payment, request.business, pk=pk, method=PaymentMethod.OWED)
    currency = request.business.currency
    form = CollectForm(
        request.POST or None, currency=currency, initial={"method": PaymentMethod.TELEPHONE}
    )
    collected = Payment.objects.filter(collects=owed).first()
    if request.method == "POST" and form.is_valid():
        tender = Tender(
            method=form.cleaned_data["method"],
            amount=form.cleaned_data["tendered"] or 0,
            card_last4=form.cleaned_data["card_last4"],
            reference=form.cleaned_data["reference"],
        )
        try:
            payment = collect_owed(owed, request.user, tender)
        except SaleError as refusal:
            form.add_error(None, str(refusal))
        else:
            text = f"Collected {format_money(payment.amount, currency)} from {owed.ticket.client}."
            if payment.change:
                text += f" Change due: {format_money(payment.change, currency)}."
            messages.success(request, text)
            return redirect("sales:owed")
    return render(
        request, "sales/collect.html", {"owed": owed, "form": form, "collected": collected}
    )
