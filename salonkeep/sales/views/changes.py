"""Changing what is on an unpaid ticket: products, discounts and tips."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from salonkeep.accounts.access import BOOKERS, BusinessRequest, get_for_business, staff_required
from salonkeep.sales.forms import AddProductForm, DiscountForm, TipForm
from salonkeep.sales.models import Ticket, TicketLine
from salonkeep.sales.tickets import (
    add_product,
    remove_line,
    set_line_discount,
    set_ticket_discount,
    set_tips,
)
from salonkeep.sales.views.tickets import form_problem, run_sale_action


def _back(ticket: Ticket) -> HttpResponse:
    return redirect("sales:ticket", pk=ticket.pk)


@require_POST
@staff_required(*BOOKERS)
def product_add(request: BusinessRequest, pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    form = AddProductForm(request.POST, business=request.business)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(ticket)
    product, quantity = form.cleaned_data["product"], form.cleaned_data["quantity"]
    run_sale_action(
        request,
        lambda: add_product(ticket, product, quantity, form.cleaned_data["team_member"]),
        f"Added {quantity} × {product.name}.",
    )
    return _back(ticket)


@require_POST
@staff_required(*BOOKERS)
def line_remove(request: BusinessRequest, pk: int, line_pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    line = get_for_business(TicketLine, request.business, pk=line_pk, ticket=ticket)
    run_sale_action(request, lambda: remove_line(ticket, line), f"Took off {line.description}.")
    return _back(ticket)


@require_POST
@staff_required(*BOOKERS)
def line_discount(request: BusinessRequest, pk: int, line_pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    line = get_for_business(TicketLine, request.business, pk=line_pk, ticket=ticket)
    form = DiscountForm(request.POST, currency=request.business.currency)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(ticket)
    kind, value = form.cleaned_data["kind"], form.cleaned_data["value"]
    run_sale_action(
        request,
        lambda: set_line_discount(ticket, line, kind, value),
        f"Saved the discount on {line.description}.",
    )
    return _back(ticket)


@require_POST
@staff_required(*BOOKERS)
def ticket_discount(request: BusinessRequest, pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    form = DiscountForm(request.POST, currency=request.business.currency)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(ticket)
    kind, value = form.cleaned_data["kind"], form.cleaned_data["value"]
    run_sale_action(
        request,
        lambda: set_ticket_discount(ticket, kind, value),
        "Saved the discount on the whole ticket.",
    )
    return _back(ticket)


@require_POST
@staff_required(*BOOKERS)
def tips(request: BusinessRequest, pk: int) -> HttpResponse:
    ticket = get_for_business(Ticket, request.business, pk=pk)
    form = TipForm(request.POST, business=request.business)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return _back(ticket)
    amount = form.cleaned_data["amount"] or 0
    members = list(form.cleaned_data["members"])
    how = form.cleaned_data["how"]
    try:
        shares = form.shares() if how == "shares" else []
    except forms.ValidationError as error:
        messages.error(request, error.messages[0])
        return _back(ticket)
    run_sale_action(
        request,
        lambda: set_tips(ticket, amount, members, how, shares),
        "Saved the tip." if amount else "No tip on this ticket.",
    )
    return _back(ticket)
