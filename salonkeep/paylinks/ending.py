"""Ending payment links: cancelled by the salon, collected another way, or expired."""

from __future__ import annotations

import logging
from datetime import datetime
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from salonkeep.paylinks.card_checkout import cancel_card_checkout, confirm_card_payment
from salonkeep.paylinks.links import cancel_links_of, expire_if_due
from salonkeep.paylinks.models import LIVE_STATES, PaymentLink
from salonkeep.paylinks.providers import AlreadyPaid, ProviderError
from salonkeep.sales.daylock import SaleError
from salonkeep.sales.models import Payment, PaymentMethod

logger = logging.getLogger(__name__)


def cancel_link(link: PaymentLink, reason: str, now: datetime) -> str:
    """The salon cancels a live link, then its open Stripe checkout is expired so the
    client can no longer pay it (in that order: the client's page cannot start a new
    checkout for a cancelled link). Returns what to tell the salon; raises SaleError
    when the link had already ended."""
    with transaction.atomic():
        owed = Payment.objects.select_for_update().get(pk=link.owed_id)
        if not cancel_links_of(owed, reason, now):
            raise SaleError("This link has already ended.")
    link.refresh_from_db()
    try:
        cancel_card_checkout(link, now)
    except AlreadyPaid:
        try:
            recorded = confirm_card_payment(link, now)
        except ProviderError:
            recorded = None
        if recorded is not None:
            return "The client had just paid this link: the payment is recorded."
        return (
            "The client had just paid at Stripe: the payment is recorded as soon as Stripe "
            "confirms it. Do not take it again."
        )
    except ProviderError as error:
        return (
            f"The link is cancelled here, but Stripe did not confirm it ({error}). Should "
            "the client still pay the page they have open, the payment is recorded."
        )
    return "The link is cancelled: the client can no longer pay with it."


def on_payment_saved(sender: Any, instance: Payment, created: bool, **kwargs: Any) -> None:
    """A payment owed collected (in person, by telephone, or through one of its links)
    ends its other live links at once (same transaction); their Stripe checkouts are
    expired after the commit. Should the client still pay one in between, the webhook
    records the double payment as a task."""
    if not created or instance.collects_id is None:
        return
    owed = Payment.objects.get(pk=instance.collects_id)
    if instance.method == PaymentMethod.PAYMENT_LINK:
        reason = "Paid through another payment link."
    else:
        reason = f"Collected another way ({instance.get_method_display().lower()})."
    ended = cancel_links_of(owed, reason, instance.created_at)
    for link in ended:
        if link.checkout_id:
            transaction.on_commit(partial(_expire_quietly, link))


def _expire_quietly(link: PaymentLink) -> None:
    try:
        cancel_card_checkout(link, timezone.now())
    except ProviderError as error:
        logger.warning("Stripe checkout %s of a cancelled link stays open: %s", link.pk, error)


def expire_links(now: datetime) -> None:
    """Background job: links past their date end as expired (cheap when none are)."""
    for link in PaymentLink.objects.filter(state__in=LIVE_STATES, expires_at__lte=now):
        expire_if_due(link, now)
