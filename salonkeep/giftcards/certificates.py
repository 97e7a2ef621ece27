"""Gift certificates: a gift card used once, whole.

A certificate is sold for a value, or for a named service at that service's price (the
value is what the salon owes). It pays a ticket in one go: a value certificate pays its
value, which must not be more than is still due (no change is given on a certificate); a
service certificate pays for one such service on the ticket, at the ticket's price for
it. Either way the whole balance comes off in one "redeemed" movement, under the same
locks as a gift card, so a certificate can never be used twice.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from salonkeep.accounts.models import User
from salonkeep.giftcards.ledger import expired, find_card
from salonkeep.giftcards.models import GiftCard, GiftCardMovement, MovementKind
from salonkeep.giftcards.movements import GiftCardError, money_text, record_movement
from salonkeep.sales.models import LineKind, Payment, PaymentMethod, Ticket
from salonkeep.sales.settle import add_payment
from salonkeep.sales.tickets import lock_for_payment, price_of


def _used_where(card: GiftCard) -> str:
    last = (
        GiftCardMovement.objects.filter(card=card, kind=MovementKind.REDEEMED)
        .select_related("payment__ticket")
        .last()
    )
    if last is not None and last.payment is not None:
        return f" on ticket {last.payment.ticket.number}"
    return ""


def _service_amount(ticket: Ticket, card: GiftCard) -> int:
    """The ticket's price for the next line of the certificate's service not already
    paid by another certificate for that service."""
    service = card.certificate_service
    assert service is not None
    priced = price_of(ticket)
    totals = [
        price.total
        for line, price in zip(ticket.lines.all(), priced.lines, strict=True)
        if line.kind == LineKind.SERVICE
        and line.appointment_service is not None
        and line.appointment_service.service_id == service.pk
    ]
    if not totals:
        raise GiftCardError(
            f"Gift certificate {card.code_display} is for {service.name}; "
            "there is none on this ticket."
        )
    used = GiftCardMovement.objects.filter(
        kind=MovementKind.REDEEMED,
        payment__ticket=ticket,
        card__certificate_service=service,
    ).count()
    if used >= len(totals):
        raise GiftCardError(
            f"Every {service.name} on this ticket has already been paid by a gift certificate."
        )
    return totals[used]


def redeem_certificate(ticket: Ticket, user: User, code: str) -> Payment:
    now = timezone.now()
    with transaction.atomic():
        locked, day, left = lock_for_payment(ticket, now)
        business = locked.business
        card = find_card(business, code, for_update=True)
        if not card.is_certificate:
            raise GiftCardError(
                f"{card.code_display} is a gift card: take an amount from it under "
                "“Pay with a gift card”."
            )
        if card.balance == 0:
            raise GiftCardError(
                f"Gift certificate {card.code_display} has already been used{_used_where(card)}."
            )
        if expired(card, day):
            raise GiftCardError(
                f"Gift certificate {card.code_display} expired on {card.expires_on:%-d %B %Y}."
            )
        if card.certificate_service is not None:
            amount = min(_service_amount(locked, card), left)
            if amount <= 0:
                raise GiftCardError("There is nothing to pay for that service on this ticket.")
        else:
            amount = card.balance
            if amount > left:
                worth, due = money_text(business, amount), money_text(business, left)
                raise GiftCardError(
                    f"Gift certificate {card.code_display} is worth {worth}, more than the "
                    f"{due} still due. A certificate is used whole and gives no change: "
                    "add to the ticket, or keep it for a bigger one."
                )
        payment = add_payment(
            locked,
            user,
            day,
            now,
            left,
            PaymentMethod.GIFT_CERTIFICATE,
            amount,
            reference=card.code,
        )
        record_movement(card, MovementKind.REDEEMED, -card.balance, user, now, payment=payment)
        return payment
