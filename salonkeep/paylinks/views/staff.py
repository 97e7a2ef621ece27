"""The salon's side of payment links: send one (from a ticket or a payment owed), see
its state, send it again, mark it paid, check it with Stripe, or cancel it."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from salonkeep.accounts.access import (
    BOOKERS,
    MANAGERS,
    BusinessRequest,
    get_for_business,
    staff_required,
)
from salonkeep.lib.money import format_money
from salonkeep.paylinks.card_checkout import confirm_card_payment
from salonkeep.paylinks.ending import cancel_link
from salonkeep.paylinks.forms import CancelLinkForm, LinkSettingsForm, MarkPaidForm, SendLinkForm
from salonkeep.paylinks.links import collect_through_link, expire_if_due, link_for, link_url
from salonkeep.paylinks.links import settings_for as link_settings_for
from salonkeep.paylinks.models import LinkState, PaymentLink, Provider
from salonkeep.paylinks.providers import ProviderError, current_provider
from salonkeep.paylinks.sending import send_link
from salonkeep.sales.daylock import SaleError
from salonkeep.sales.models import Payment, PaymentMethod, Ticket
from salonkeep.sales.payments import Tender, take_payment
from salonkeep.sales.tickets import covered_amount, price_of
from salonkeep.sales.views.tickets import form_problem, run_sale_action


def _make_link(
    request: BusinessRequest,
    make: Callable[[], tuple[PaymentLink, bool]],
    email: str,
    refused: HttpResponse,
) -> HttpResponse:
    """Make (or find) the link, then e-mail and show it; ``refused`` when it cannot be."""
    try:
        link, made = make()
    except SaleError as refusal:
        messages.error(request, str(refusal))
        return refused
    return _to_link(request, link, email, made)


def _to_link(request: BusinessRequest, link: PaymentLink, email: str, made: bool) -> HttpResponse:
    """E-mail the link when an address was given, say what happened, show the link."""
    if made:
        amount = format_money(link.amount, link.currency)
        messages.success(request, f"Payment link made for {amount}.")
    if email:
        try:
            messages.success(request, send_link(link, email, timezone.now()))
        except SaleError as refusal:
            messages.error(request, str(refusal))
    return redirect("paylinks:detail", pk=link.pk)


@require_POST
@staff_required(*BOOKERS)
def from_ticket(request: BusinessRequest, pk: int) -> HttpResponse:
    """Record what is left on the ticket as owed, and make its link (one transaction:
    never an owed payment without its link, or the reverse)."""
    ticket = get_for_business(Ticket, request.business, pk=pk)
    form = SendLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("sales:ticket", pk=ticket.pk)
    left = price_of(ticket).due - covered_amount(ticket)
    if left <= 0:
        messages.error(request, "Nothing is left to pay on this ticket.")
        return redirect("sales:ticket", pk=ticket.pk)

    def owe_and_link() -> tuple[PaymentLink, bool]:
        with transaction.atomic():
            owed = take_payment(ticket, request.user, Tender(PaymentMethod.OWED, left))
            return link_for(owed, request.user, timezone.now())

    email = form.cleaned_data["email"]
    return _make_link(request, owe_and_link, email, redirect("sales:ticket", pk=ticket.pk))


@require_POST
@staff_required(*BOOKERS)
def from_owed(request: BusinessRequest, pk: int) -> HttpResponse:
    owed = get_for_business(Payment, request.business, pk=pk, method=PaymentMethod.OWED)
    form = SendLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("sales:collect", pk=owed.pk)
    return _make_link(
        request,
        lambda: link_for(owed, request.user, timezone.now()),
        form.cleaned_data["email"],
        redirect("sales:collect", pk=owed.pk),
    )


@require_GET
@staff_required(*BOOKERS)
def detail(request: BusinessRequest, pk: int) -> HttpResponse:
    link = get_for_business(PaymentLink, request.business, pk=pk)
    expire_if_due(link, timezone.now())
    client = link.owed.ticket.client
    return render(
        request,
        "paylinks/detail.html",
        {
            "link": link,
            "url": link_url(link),
            "client": client,
            "send_form": SendLinkForm(initial={"email": link.sent_to or (client and client.email)}),
            "paid_form": MarkPaidForm(),
            "cancel_form": CancelLinkForm(),
            "history": PaymentLink.objects.filter(owed=link.owed).exclude(pk=link.pk),
        },
    )


@require_POST
@staff_required(*BOOKERS)
def send_again(request: BusinessRequest, pk: int) -> HttpResponse:
    link = get_for_business(PaymentLink, request.business, pk=pk)
    form = SendLinkForm(request.POST)
    if not form.is_valid() or not form.cleaned_data["email"]:
        messages.error(request, form_problem(form) if form.errors else "Enter an e-mail address.")
    elif not link.is_live:
        messages.error(request, "This link has ended: make a new one from the payment owed.")
    else:
        return _to_link(request, link, form.cleaned_data["email"], made=False)
    return redirect("paylinks:detail", pk=link.pk)


@require_POST
@staff_required(*BOOKERS)
def mark_paid(request: BusinessRequest, pk: int) -> HttpResponse:
    """The salon confirms a built-in link was paid (e.g. the transfer arrived)."""
    link = get_for_business(PaymentLink, request.business, pk=pk)
    form = MarkPaidForm(request.POST)
    if link.provider != Provider.BUILT_IN:
        messages.error(request, "Stripe links are marked paid by Stripe: use Check with Stripe.")
    elif not form.is_valid():
        messages.error(request, form_problem(form))
    else:
        reference = form.cleaned_data["reference"] or "marked paid"
        run_sale_action(
            request,
            lambda: collect_through_link(link, reference, request.user, timezone.now()),
            f"Recorded {format_money(link.amount, link.currency)} paid.",
        )
    return redirect("paylinks:detail", pk=link.pk)


@require_POST
@staff_required(*BOOKERS)
def check_stripe(request: BusinessRequest, pk: int) -> HttpResponse:
    link = get_for_business(PaymentLink, request.business, pk=pk)
    try:
        recorded = confirm_card_payment(link, timezone.now())
    except ProviderError as error:
        messages.error(request, f"{error} Do not take the payment again until Stripe answers.")
        return redirect("paylinks:detail", pk=link.pk)
    if recorded is not None:
        messages.success(request, "Stripe says it is paid: the payment is recorded.")
    else:
        link.refresh_from_db()
        if link.state == LinkState.PAID:
            messages.info(request, "This link is paid.")
        else:
            messages.info(request, "Stripe has no completed payment for this link yet.")
    return redirect("paylinks:detail", pk=link.pk)


@require_POST
@staff_required(*BOOKERS)
def cancel(request: BusinessRequest, pk: int) -> HttpResponse:
    link = get_for_business(PaymentLink, request.business, pk=pk)
    form = CancelLinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_problem(form))
        return redirect("paylinks:detail", pk=link.pk)
    reason = form.cleaned_data["reason"]
    run_sale_action(request, lambda: cancel_link(link, reason, timezone.now()), str)
    return redirect("paylinks:detail", pk=link.pk)


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def link_settings(request: BusinessRequest) -> HttpResponse:
    form = LinkSettingsForm(request.POST or None, instance=link_settings_for(request.business))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Payment link settings saved.")
        return redirect("paylinks:settings")
    stripe = current_provider() == Provider.STRIPE
    return render(request, "paylinks/settings.html", {"form": form, "stripe": stripe})
