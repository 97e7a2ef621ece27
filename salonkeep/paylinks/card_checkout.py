"""Card payments through Stripe behind a payment link.

Every call to Stripe that fails is reported to the notices (card payments): enough
failures in a row open an incident telling the salon to keep payments as owed; the
next call that works closes it. A maintenance window pausing card payments stops the
client's page from starting a payment (the link stays valid for afterwards).
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import suppress
from datetime import datetime
from typing import TypeVar

from django.db import transaction

from salonkeep.lib.money import format_money
from salonkeep.notices.automatic import record_service_failure, record_service_recovery
from salonkeep.notices.enforcement import pause_message, paused
from salonkeep.notices.models import Service
from salonkeep.paylinks import stripe_provider
from salonkeep.paylinks.links import collect_through_link, link_url
from salonkeep.paylinks.models import LinkState, PaymentLink
from salonkeep.paylinks.providers import CheckoutResult, ProviderError, WebhookEvent
from salonkeep.sales.daylock import SaleError, business_date
from salonkeep.sales.models import Payment
from salonkeep.tasks.models import Task

Result = TypeVar("Result")


def card_pause_text(link: PaymentLink, now: datetime) -> str:
    """Why the client cannot pay by card right now ('' when they can)."""
    notice = paused(link.business, Service.CARD_PAYMENTS, now)
    if notice is None:
        return ""
    return pause_message(notice, Service.CARD_PAYMENTS, link.business, now)


def _call(link: PaymentLink, now: datetime, call: Callable[[], Result]) -> Result:
    try:
        result = call()
    except ProviderError:
        record_service_failure(link.business, Service.CARD_PAYMENTS, now)
        raise
    record_service_recovery(link.business, Service.CARD_PAYMENTS, now)
    return result


def start_card_payment(link: PaymentLink, now: datetime) -> str:
    """The address of the Stripe page where the client pays; a new Checkout Session
    unless the link's current one is still open (or being paid by a slower method, such
    as a bank debit). Raises SaleError with what to say."""
    if link.state != LinkState.ACTIVE:
        raise SaleError("This link is no longer waiting for a payment.")
    pause = card_pause_text(link, now)
    if pause:
        raise SaleError(f"{pause} Your link stays valid: please pay once it is over.")
    try:
        if link.checkout_id:
            result = _call(link, now, lambda: stripe_provider.checkout_result(link.checkout_id))
            if result.paid:
                record_card_payment(link, result, now)
                raise SaleError("This link has been paid. Thank you.")
            if result.state == "open":
                return link.checkout_url
            if result.state == "complete":
                raise SaleError(
                    "Your payment is being processed by Stripe: this page will say when it "
                    "has arrived. Please do not pay again."
                )
        page = link_url(link)
        # Each new checkout gets the next number (part of its idempotency key), taken
        # under a lock: two clicks at once start two checkouts, never one key with two
        # different requests (which Stripe refuses).
        with transaction.atomic():
            counted = PaymentLink.objects.select_for_update().get(pk=link.pk)
            counted.checkouts += 1
            counted.save(update_fields=["checkouts"])
        link.checkouts = counted.checkouts
        checkout = _call(
            link,
            now,
            lambda: stripe_provider.start_checkout(link, f"{page}?paid=1", page),
        )
    except ProviderError as error:
        raise SaleError(str(error)) from None
    with transaction.atomic():
        current = PaymentLink.objects.select_for_update().get(pk=link.pk)
        if current.state == LinkState.ACTIVE:
            current.checkout_id = checkout.id
            current.checkout_url = checkout.url
            current.save(update_fields=["checkout_id", "checkout_url"])
            link.checkout_id, link.checkout_url = checkout.id, checkout.url
            return checkout.url
    # The salon cancelled the link meanwhile: close the page just made, if Stripe lets.
    with suppress(ProviderError):  # paid in that split second: its webhook records it
        stripe_provider.cancel_checkout(checkout.id)
    raise SaleError("This link is no longer waiting for a payment.")


def confirm_card_payment(link: PaymentLink, now: datetime) -> Payment | None:
    """Ask Stripe whether the link's checkout was paid, and record it if so (the client
    came back from Stripe; the webhook may be late; the salon asks). Raises
    ProviderError when Stripe does not answer."""
    if not link.checkout_id or link.state == LinkState.PAID:
        return None
    result = _call(link, now, lambda: stripe_provider.checkout_result(link.checkout_id))
    return record_card_payment(link, result, now)


def handle_event(event: WebhookEvent, now: datetime) -> None:
    """Act on a verified Stripe event. Raises ProviderError when Stripe cannot be asked
    to confirm (the webhook answers 503 and Stripe delivers the event again)."""
    link = None
    if event.link_token:
        link = PaymentLink.objects.filter(token=event.link_token).first()
    if link is None:
        link = PaymentLink.objects.filter(checkout_id=event.checkout_id).first()
    if link is None:
        return  # not one of ours (another system on the same Stripe account)
    if event.type == "checkout.session.expired":
        with transaction.atomic():
            current = PaymentLink.objects.select_for_update().get(pk=link.pk)
            if current.checkout_id == event.checkout_id:  # not a newer checkout
                current.checkout_id = ""
                current.checkout_url = ""
                current.save(update_fields=["checkout_id", "checkout_url"])
        return
    # Completed: the event is signed, but what was paid is read from Stripe itself, for
    # the event's own checkout (which may be an earlier one of the link).
    result = _call(link, now, lambda: stripe_provider.checkout_result(event.checkout_id))
    record_card_payment(link, result, now)


def record_card_payment(link: PaymentLink, result: CheckoutResult, now: datetime) -> Payment | None:
    """Collect the owed payment with what Stripe took, once. Should Stripe report another
    amount than the link's (changed at Stripe by hand?), nothing is recorded on the
    ticket: a task asks someone to look at it in Stripe's dashboard."""
    if not result.paid:
        return None
    if (result.amount, result.currency) == (link.amount, link.currency.upper()):
        return collect_through_link(link, result.payment_reference, None, now)
    title = (
        f"Stripe took {format_money(result.amount, result.currency)} for a payment link of "
        f"{format_money(link.amount, link.currency)} (ticket {link.owed.ticket.number}, "
        f"{result.payment_reference}): check it in Stripe"
    )
    if not Task.objects.filter(business=link.business, title=title[:200]).exists():
        Task.objects.create(
            business=link.business,
            title=title[:200],
            due=business_date(link.business, now),
            ticket=link.owed.ticket,
            payment_owed=link.owed,
            created_at=now,
        )
    return None


def cancel_card_checkout(link: PaymentLink, now: datetime) -> None:
    """Expire the link's open Stripe checkout, so the client cannot pay it any more.
    Raises AlreadyPaid when the client has just paid it (then record that instead)."""
    if link.checkout_id:
        _call(link, now, lambda: stripe_provider.cancel_checkout(link.checkout_id))
