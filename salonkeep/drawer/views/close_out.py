"""Closing the day: count the cash, check every payment type, settle the payments owed,
and lock the day. Owners and managers close; front desk keep the drawer during the day."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from salonkeep.accounts.access import MANAGERS, BusinessRequest, get_for_business, staff_required
from salonkeep.drawer.cash import DrawerError, cash_balance, expected_amounts
from salonkeep.drawer.closeout import CloseOutInput, Count, checked_in, close_day, open_tickets
from salonkeep.drawer.forms import CloseOutForm
from salonkeep.drawer.models import CloseOut, Drawer
from salonkeep.sales.models import PaymentMethod
from salonkeep.sales.payments import owed_payments


def _closed_page(request: BusinessRequest, close_out: CloseOut) -> HttpResponse:
    return render(
        request,
        "drawer/closed.html",
        {"close_out": close_out, "lines": close_out.lines.all(), "drawer": close_out.drawer},
    )


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def close_out(request: BusinessRequest, pk: int) -> HttpResponse:
    drawer = get_for_business(Drawer, request.business, pk=pk)
    done = CloseOut.objects.filter(drawer=drawer).first()
    if done is not None:
        if request.method == "POST":
            messages.error(request, f"{drawer.date:%A %-d %B %Y} has already been closed out.")
            return redirect("drawer:close_out", pk=drawer.pk)
        return _closed_page(request, done)
    expected = expected_amounts(drawer)
    owed = list(owed_payments(request.business))
    form = CloseOutForm(
        request.POST or None,
        business=request.business,
        expected=expected,
        owed=owed,
        initial={"closing_float": drawer.opening_float},
    )
    if request.method == "POST" and form.is_valid():
        data = CloseOutInput(
            cash_counts=form.counts(),
            closing_float=form.cleaned_data["closing_float"],
            cash_reason=form.cleaned_data["cash_reason"],
            others={
                method: Count(
                    form.cleaned_data[f"counted_{method}"], form.cleaned_data[f"reason_{method}"]
                )
                for method in form.other_methods
            },
            carried_over=form.carried_over(),
        )
        try:
            closed = close_day(drawer, request.user, data)
        except DrawerError as refusal:
            form.add_error(None, str(refusal))
        else:
            tasks = closed.lines.exclude(reason="").count() + len(data.carried_over)
            text = f"{drawer.date:%A %-d %B} is closed."
            if tasks:
                text += f" {tasks} task(s) added for tomorrow."
            messages.success(request, text)
            return redirect("drawer:close_out", pk=drawer.pk)
    return render(
        request,
        "drawer/close_out.html",
        {
            "drawer": drawer,
            "form": form,
            "balance": cash_balance(drawer),
            "expected": expected,
            "expected_cash": expected[PaymentMethod.CASH],
            "checked_in": list(checked_in(drawer)),
            "open_tickets": list(open_tickets(drawer)),
        },
        status=400 if request.method == "POST" else 200,
    )
