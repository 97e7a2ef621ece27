"""Selling a gift card or certificate on a ticket, and paying a ticket with one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from salonkeep.accounts.access import BOOKERS, BusinessRequest, get_for_business, staff_required
from salonkeep.giftcards.certificates import redeem_certificate
from salonkeep.giftcards.forms import (
    CertificateRedeemForm,
    CertificateSellForm,
    RedeemForm,
    SellForm,
)
from salonkeep.giftcards.ledger import redeem, rules_for, sell_gift_card
from salonkeep.lib.money import format_money
from salonkeep.sales.models import Ticket
from salonkeep.sales.views.tickets import form_problem, run_sale_action


def _back(ticket: Ticket) -> HttpResponse:
    return redirect("sales:ticket", pk=ticket.pk)


@require_POST
@staff_required(*BOOKERS)
def sell(request: BusinessRequest, ticket_pk: int) -> HttpResponse:
    business = request.business
    ticket = get_for_business(Ticket, business, pk=ticket_pk)
    form = SellForm(
        request.POST,
        currency=business.currency,
        expiry_allowed=rules_for(business).expiry_allowed,
    )
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(ticket)
    data = form.cleaned_data
    run_sale_action(
        request,
        lambda: sell_gift_card(
            ticket,
            data["amount"],
            recipient=data["recipient"],
            code=data["code"],
            expires_on=data.get("expires_on"),
        ),
        lambda card: (
            f"Gift card {card.code_display} for "
            f"{format_money(card.initial_value, business.currency)} is on the ticket; "
            "it can be used once the ticket is paid."
        ),
    )
    return _back(ticket)


@require_POST
@staff_required(*BOOKERS)
def redeem_on_ticket(request: BusinessRequest, ticket_pk: int) -> HttpResponse:
    business = request.business
    ticket = get_for_business(Ticket, business, pk=ticket_pk)
    form = RedeemForm(request.POST, currency=business.currency)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(ticket)
    run_sale_action(
        request,
        lambda: redeem(
            ticket, request.user, form.cleaned_data["code"], form.cleaned_data["amount"]
        ),
        lambda payment: f"Gift card: {format_money(payment.amount, business.currency)}.",
    )
    return _back(ticket)


@require_POST
@staff_required(*BOOKERS)
def sell_certificate(request: BusinessRequest, ticket_pk: int) -> HttpResponse:
    business = request.business
    ticket = get_for_business(Ticket, business, pk=ticket_pk)
    form = CertificateSellForm(
        request.POST, business=business, expiry_allowed=rules_for(business).expiry_allowed
    )
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(ticket)
    data = form.cleaned_data
    run_sale_action(
        request,
        lambda: sell_gift_card(
            ticket,
            data["amount"] or 0,
            recipient=data["recipient"],
            code=data["code"],
            expires_on=data.get("expires_on"),
            certificate=True,
            service=data["service"],
        ),
        lambda card: (
            f"{card.sold_on.description} is on the ticket; it can be used once the ticket is paid."
        ),
    )
    return _back(ticket)


@require_POST
@staff_required(*BOOKERS)
def redeem_certificate_on_ticket(request: BusinessRequest, ticket_pk: int) -> HttpResponse:
    business = request.business
    ticket = get_for_business(Ticket, business, pk=ticket_pk)
    form = CertificateRedeemForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(ticket)
    run_sale_action(
        request,
        lambda: redeem_certificate(ticket, request.user, form.cleaned_data["code"]),
        lambda payment: f"Gift certificate: {format_money(payment.amount, business.currency)}.",
    )
    return _back(ticket)
