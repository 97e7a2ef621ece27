"""Recording a payment on a ticket locked by ``tickets.lock_for_payment``: one place for
every way of paying (cash, card, pay later, gift card, gift certificate), so a ticket
always becomes paid, and the gift cards sold on it always come into circulation, the
same way."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from salonkeep.accounts.models import User
from salonkeep.giftcards.movements import issue_sold_cards
from salonkeep.sales.models import Payment, Ticket, TicketStatus


def add_payment(
    locked: Ticket,
    user: User,
    day: date,
    now: datetime,
    left: int,
    method: str,
    amount: int,
    **fields: Any,
) -> Payment:
    """Inside the transaction that locked the ticket: the payment of ``amount`` (never
    more than ``left``, what was still to pay); the ticket is paid when it covers it."""
    payment = Payment.objects.create(
        business=locked.business,
        ticket=locked,
        method=method,
        amount=amount,
        created_at=now,
        created_by=user,
        business_date=day,
        **fields,
    )
    if amount == left:
        locked.status = TicketStatus.PAID
        locked.paid_at = now
        locked.save(update_fields=["status", "paid_at"])
        issue_sold_cards(locked, user, now)
    return payment
