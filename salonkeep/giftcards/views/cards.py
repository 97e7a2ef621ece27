"""Checking a balance (the front desk too), and for owners and managers the list of
cards with the outstanding liability, a card's ledger, adjustments and the rules."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from salonkeep.accounts.access import (
    BOOKERS,
    MANAGERS,
    BusinessRequest,
    for_business,
    get_for_business,
    staff_required,
)
from salonkeep.giftcards.forms import AdjustForm, BalanceForm, RulesForm
from salonkeep.giftcards.ledger import adjust, expired, find_card, outstanding, rules_for
from salonkeep.giftcards.models import GiftCard
from salonkeep.lib.money import format_money
from salonkeep.sales.daylock import SaleError, business_date
from salonkeep.sales.views.tickets import form_problem

LIST_LIMIT = 200


@require_GET
@staff_required(*BOOKERS)
def balance(request: BusinessRequest) -> HttpResponse:
    business = request.business
    form = BalanceForm(request.GET or None)
    card: GiftCard | None = None
    problem = ""
    if form.is_bound:
        if form.is_valid():
            try:
                card = find_card(business, form.cleaned_data["code"])
            except SaleError as refusal:
                problem = str(refusal)
        else:
            problem = form_problem(form)
    today = business_date(business, timezone.now())
    return render(
        request,
        "giftcards/balance.html",
        {
            "form": form,
            "card": card,
            "problem": problem,
            "is_expired": card is not None and expired(card, today),
            "movements": list(card.movements.all()) if card else [],
        },
    )


@require_GET
@staff_required(*MANAGERS)
def card_list(request: BusinessRequest) -> HttpResponse:
    business = request.business
    cards = for_business(GiftCard, business).filter(issued_at__isnull=False)
    return render(
        request,
        "giftcards/list.html",
        {
            "cards": cards.select_related("purchaser", "certificate_service")[:LIST_LIMIT],
            "count": cards.count(),
            "with_balance": cards.filter(balance__gt=0).count(),
            "liability": outstanding(business),
            "rules_form": RulesForm(instance=rules_for(business)),
            "limit": LIST_LIMIT,
        },
    )


@require_POST
@staff_required(*MANAGERS)
def rules(request: BusinessRequest) -> HttpResponse:
    form = RulesForm(request.POST, instance=rules_for(request.business))
    if form.is_valid():
        form.save()
        messages.success(
            request,
            "Gift cards may now be given an expiry date."
            if form.instance.expiry_allowed
            else "Gift cards sold from now on never expire.",
        )
    else:
        messages.error(request, form_problem(form))
    return redirect("giftcards:list")


def _detail(request: BusinessRequest, card: GiftCard, form: AdjustForm) -> HttpResponse:
    today = business_date(request.business, timezone.now())
    return render(
        request,
        "giftcards/detail.html",
        {
            "card": card,
            "movements": list(card.movements.select_related("payment__ticket", "created_by")),
            "form": form,
            "is_expired": expired(card, today),
        },
    )


@require_GET
@staff_required(*MANAGERS)
def card_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    card = get_for_business(GiftCard, request.business, pk=pk, issued_at__isnull=False)
    return _detail(request, card, AdjustForm(currency=request.business.currency))


@require_POST
@staff_required(*MANAGERS)
def adjust_balance(request: BusinessRequest, pk: int) -> HttpResponse:
    business = request.business
    card = get_for_business(GiftCard, business, pk=pk, issued_at__isnull=False)
    form = AdjustForm(request.POST, currency=business.currency)
    if form.is_valid():
        try:
            movement = adjust(card, request.user, form.signed_amount(), form.cleaned_data["reason"])
        except SaleError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                f"The balance is now {format_money(movement.balance_after, business.currency)}.",
            )
            return redirect("giftcards:detail", pk=card.pk)
    card.refresh_from_db()
    return _detail(request, card, form)
