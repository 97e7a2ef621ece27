"""A gift card's balance changes: every change is a movement, recorded with the card
locked; a card sold on a ticket comes into circulation when the ticket is paid."""

from __future__ import annotations

from datetime import datetime

from salonkeep.accounts.models import Business, User
from salonkeep.giftcards.models import GiftCard, GiftCardMovement, MovementKind
from salonkeep.lib.money import format_money
from salonkeep.sales.daylock import SaleError, business_date
from salonkeep.sales.models import Payment, Ticket


class GiftCardError(SaleError):
    pass


def money_text(business: Business, minor: int) -> str:
    return format_money(minor, business.currency)


def record_movement(
    card: GiftCard,
    kind: str,
    amount: int,
    user: User | None,
    now: datetime,
    payment: Payment | None = None,
    reason: str = "",
) -> GiftCardMovement:
    """Change a locked card's balance and record the movement (inside a transaction)."""
    if card.balance + amount < 0:
        raise GiftCardError(
            f"{card.kind_name} {card.code_display} has only "
            f"{money_text(card.business, card.balance)} left."
        )
    card.balance += amount
    card.save(update_fields=["balance"])
    return GiftCardMovement.objects.create(
        business=card.business,
        card=card,
        kind=kind,
        amount=amount,
        balance_after=card.balance,
        payment=payment,
        reason=reason[:200],
        created_at=now,
        created_by=user,
        business_date=business_date(card.business, now),
    )


def issue_sold_cards(ticket: Ticket, user: User | None, now: datetime) -> None:
    """The ticket is paid: put each gift card sold on it into circulation."""
    for card in GiftCard.objects.select_for_update().filter(
        sold_on__ticket=ticket, issued_at__isnull=True
    ):
        card.issued_at = now
        card.purchaser_id = ticket.client_id
        card.save(update_fields=["issued_at", "purchaser"])
        record_movement(
            card, MovementKind.ISSUED, card.initial_value, user, now, reason=f"Sold on {ticket}"
        )
