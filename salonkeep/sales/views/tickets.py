"""The checkout: today's tickets, opening one, and the ticket page itself."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from salonkeep.accounts.access import (
    BOOKERS,
    BusinessRequest,
    for_business,
    get_for_business,
    staff_required,
)
from salonkeep.book.models import Appointment, Status
from salonkeep.clients.models import Client
from salonkeep.clients.search import search_clients
from salonkeep.lib.dates import local_day_bounds
from salonkeep.lib.money import minor_to_text
from salonkeep.sales.daylock import SaleError, business_date
from salonkeep.sales.forms import (
    AddProductForm,
    DiscountForm,
    PaymentForm,
    ReceiptEmailForm,
    RefundForm,
    TipForm,
    VoidForm,
)
from salonkeep.sales.models import LineKind, PaymentMethod, Ticket, TicketStatus
from salonkeep.sales.payments import refundable_amount
from salonkeep.sales.tickets import covered_amount, open_for_appointment, open_walk_in, price_of

RECENT_DAYS = 7


Result = TypeVar("Result")


def run_sale_action(
    request: BusinessRequest,
    action: Callable[[], Result],
    done: str | Callable[[Result], str],
) -> bool:
    """Run a checkout action; a refusal becomes an error message, not a server error.
    ``done`` is what to say when it worked, or makes it from what the action returned."""
    try:
        result = action()
    except SaleError as refusal:
        messages.error(request, str(refusal))
        return False
    text = done if isinstance(done, str) else done(result)
    if text:
        messages.success(request, text)
    return True


def form_problem(form: Any) -> str:
    """The first error of a form, as one sentence for a message."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        return f"{label}: {errors[0]}" if label else str(errors[0])
    return "Please check what you entered."


@require_GET
@staff_required(*BOOKERS)
def ticket_list(request: BusinessRequest) -> HttpResponse:
    business = request.business
    today = business_date(business, timezone.now())
    start, end = local_day_bounds(today, business.tz)
    appointments = (
        for_business(Appointment, business)
        .filter(starts_at__gte=start, starts_at__lt=end)
        .exclude(status=Status.CANCELLED)
        .select_related("client")
        .prefetch_related("tickets")
    )
    to_check_out = [
        appointment
        for appointment in appointments
        if not any(t.status != TicketStatus.VOIDED for t in appointment.tickets.all())
    ]
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    tickets = (
        for_business(Ticket, business)
        .filter(opened_at__gte=since)
        .select_related("client")
        .order_by("-number")[:100]
    )
    open_tickets = for_business(Ticket, business).filter(status=TicketStatus.OPEN)
    return render(
        request,
        "sales/tickets.html",
        {
            "to_check_out": to_check_out,
            "tickets": tickets,
            "open_tickets": open_tickets.select_related("client"),
        },
    )


@require_POST
@staff_required(*BOOKERS)
def walk_in(request: BusinessRequest) -> HttpResponse:
    try:
        ticket = open_walk_in(request.business, request.user)
    except SaleError as refusal:
        messages.error(request, str(refusal))
        return redirect("sales:tickets")
    return redirect("sales:ticket", pk=ticket.pk)


@require_POST
@staff_required(*BOOKERS)
def from_appointment(request: BusinessRequest, pk: int) -> HttpResponse:
    appointment = get_for_business(Appointment, request.business, pk=pk)
    try:
        ticket = open_for_appointment(request.business, request.user, appointment)
    except SaleError as refusal:
        messages.error(request, str(refusal))
        return redirect("book:detail", pk=appointment.pk)
    return redirect("sales:ticket", pk=ticket.pk)


def ticket_context(request: BusinessRequest, ticket: Ticket) -> dict[str, Any]:
    business = request.business
    lines = list(ticket.lines.select_related("team_member"))
    payments = list(ticket.payments.select_related("collects", "created_by"))
    tips = list(ticket.tips.select_related("team_member"))
    price = price_of(ticket)
    left = max(price.due - covered_amount(ticket), 0)
    is_open = ticket.status == TicketStatus.OPEN
    editable = is_open and not payments
    currency = business.currency
    query = request.GET.get("find", "")[:100]
    chosen_members = {tip.team_member_id for tip in tips}
    return {
        "ticket": ticket,
        "rows": list(zip(lines, price.lines, strict=True)),
        "price": price,
        "payments": payments,
        "tips": tips,
        "left": left,
        "is_open": is_open,
        "editable": editable,
        "refundable": refundable_amount(ticket),
        "product_lines": [line for line in lines if line.kind == LineKind.PRODUCT],
        "add_product_form": AddProductForm(business=business),
        "discount_form": DiscountForm(
            currency=currency,
            initial={"kind": ticket.discount_kind, "value": _discount_text(ticket, currency)},
        ),
        "tip_form": TipForm(
            business=business,
            initial={"amount": price.tips or None, "members": list(chosen_members)},
        ),
        "tip_members": [
            (member, member.pk in chosen_members)
            for member in TipForm(business=business).fields["members"].queryset  # type: ignore[attr-defined]
        ],
        "payment_form": PaymentForm(
            currency=currency, initial={"method": PaymentMethod.CASH, "amount": left or None}
        ),
        "refund_form": RefundForm(currency=currency),
        "void_form": VoidForm(),
        "email_form": ReceiptEmailForm(
            initial={"email": ticket.client.email if ticket.client else ""}
        ),
        "find": query,
        "found": search_clients(business, query, limit=10) if query else [],
        "email_ready": _email_ready(),
    }


def _discount_text(ticket: Ticket, currency: str) -> str:
    from salonkeep.sales.forms import percent_text

    if ticket.discount_kind == "percent":
        return percent_text(ticket.discount_value)
    if ticket.discount_kind == "amount":
        return minor_to_text(ticket.discount_value, currency)
    return ""


def _email_ready() -> bool:
    from django.conf import settings

    return bool(settings.EMAIL_HOST)


@require_GET
@staff_required(*BOOKERS)
def ticket_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    return render(request, "sales/ticket.html", ticket_context(request, ticket))


@require_POST
@staff_required(*BOOKERS)
def ticket_client(request: BusinessRequest, pk: int) -> HttpResponse:
    from salonkeep.sales.tickets import set_client

    ticket = get_for_business(Ticket, request.business, pk=pk)
    chosen = request.POST.get("client", "")
    client = get_for_business(Client, request.business, pk=chosen) if chosen else None
    run_sale_action(
        request,
        lambda: set_client(ticket, client),
        f"The ticket is now for {client.full_name}." if client else "The client was taken off.",
    )
    return redirect("sales:ticket", pk=ticket.pk)
