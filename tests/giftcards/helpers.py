"""Shared by the gift card tests: a gift card sold and paid for, ready to spend."""

from __future__ import annotations

from django.urls import reverse

from salonkeep.giftcards.ledger import sell_gift_card
from salonkeep.giftcards.models import GiftCard
from salonkeep.sales.payments import Tender, take_payment
from tests.sales.helpers import colour_ticket, messages_of, walk_in_ticket

__all__ = ["colour_ticket", "messages_of", "redeem_url", "sold_card"]


def sold_card(salon, amount=5000, code="", expires_on=None) -> GiftCard:
    """A gift card sold on a walk-in ticket paid in cash: issued, with ``amount`` on it."""
    ticket = walk_in_ticket(salon, salon.client)
    card = sell_gift_card(ticket, amount, recipient="Bea", code=code, expires_on=expires_on)
    take_payment(ticket, salon.front_desk, Tender(method="cash", amount=amount))
    card.refresh_from_db()
    return card


def redeem_url(ticket) -> str:
    return reverse("giftcards:redeem", args=[ticket.pk])


def sell_url(ticket) -> str:
    return reverse("giftcards:sell", args=[ticket.pk])
