"""Taking payments on a ticket, voiding it, and refunding it."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from salonkeep.accounts.access import BOOKERS, BusinessRequest, get_for_business, staff_required
from salonkeep.lib.money import format_money
from salonkeep.sales.forms import PaymentForm, RefundForm, VoidForm
from salonkeep.sales.models import Payment, PaymentMethod, Ticket
from salonkeep.sales.payments import Tender, close_free_ticket, refund, take_payment
from salonkeep.sales.tickets import void_ticket
from salonkeep.sales.views.tickets import form_problem, run_sale_action

MAX_RETURN_FIELDS = 60


def _back(ticket: Ticket) -> HttpResponse:
    return redirect("sales:ticket", pk=ticket.pk)


@require_POST
@staff_required(*BOOKERS)
def pay(request: BusinessRequest, pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    currency = request.business.currency
    form = PaymentForm(request.POST, currency=currency)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(ticket)
    tender = Tender(
        method=form.cleaned_data["method"],
        amount=form.cleaned_data["amount"],
        card_last4=form.cleaned_data["card_last4"],
        reference=form.cleaned_data["reference"],
    )

    def taken(payment: Payment) -> str:
        if payment.method == PaymentMethod.OWED:
            return f"Recorded {format_money(payment.amount, currency)} owed by {ticket.client}."
        text = f"{payment.get_method_display()}: {format_money(payment.amount, currency)}."
        if payment.change:
            text += f" Change due: {format_money(payment.change, currency)}."
        return text

    run_sale_action(request, lambda: take_payment(ticket, request.user, tender), taken)
    return _back(ticket)


@require_POST
@staff_required(*BOOKERS)
def close_free(request: BusinessRequest, pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    run_sale_action(
        request,
        lambda: close_free_ticket(ticket),
        f"Ticket {ticket.number} is closed: nothing to pay.",
    )
    return _back(ticket)


@require_POST
@staff_required(*BOOKERS)
def void(request: BusinessRequest, pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    form = VoidForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(ticket)
    run_sale_action(
        request,
        lambda: void_ticket(ticket, request.user, form.cleaned_data["reason"]),
        f"Ticket {ticket.number} is voided.",
    )
    return _back(ticket)


@require_POST
@staff_required(*BOOKERS)
def refund_ticket(request: BusinessRequest, pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    currency = request.business.currency
    form = RefundForm(request.POST, currency=currency)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(ticket)
    returns: dict[int, int] = {}
    for line in ticket.lines.filter(product__isnull=False)[:MAX_RETURN_FIELDS]:
        text = request.POST.get(f"return-{line.pk}", "").strip() or "0"
        if not text.isdigit() or len(text) > 3:
            messages.error(request, f"Enter how many of {line.description} come back, such as 1.")
            return _back(ticket)
        returns[line.pk] = int(text)
    amount = form.cleaned_data["amount"]
    run_sale_action(
        request,
        lambda: refund(
            ticket,
            request.user,
            form.cleaned_data["method"],
            amount,
            returns,
            form.cleaned_data["reason"],
        ),
        f"Refunded {format_money(amount, currency)}.",
    )
    return _back(ticket)
