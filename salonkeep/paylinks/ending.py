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


def cancel_link(link: PaymentLink, reason: str, now: datetime) -> None:
    """The salon cancels a live link; at Stripe its open checkout is expired first, so
    the client can no longer pay it. Raises SaleError with what happened otherwise."""
    if not link.is_live:
        raise SaleError("This link has already ended.")
    try:
        cancel_card_checkout(link, now)
    except AlreadyPaid:
        confirm_card_payment(link, now)
        raise SaleError("The client has just paid this link: the payment is recorded.") from None
    except ProviderError as error:
        raise SaleError(f"{error} The link was not cancelled.") from None
    with transaction.atomic():
        owed = Payment.objects.select_for_update().get(pk=link.owed_id)
        if not cancel_links_of(owed, reason, now):
            raise SaleError("This link has already ended.")


def on_payment_saved(sender: Any, instance: Payment, created: bool, **kwargs: Any) -> None:
    """A payment owed collected in person or by telephone ends its live links at once
    (same transaction); their Stripe checkouts are expired after the commit. Should the
    client still pay one in between, the webhook records a double payment as a task."""
    if not created or instance.collects_id is None:
        return
    if instance.method == PaymentMethod.PAYMENT_LINK:
        return
    owed = Payment.objects.get(pk=instance.collects_id)
    method = instance.get_method_display().lower()
    ended = cancel_links_of(owed, f"Collected another way ({method}).", instance.created_at)
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
