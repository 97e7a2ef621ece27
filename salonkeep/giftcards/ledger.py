"""Selling, issuing, redeeming, refunding back and adjusting gift cards.

Every change to a balance is one movement row written in the same transaction as the
balance, with the card row locked (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
transactions hold the database write lock), so two tills redeeming the same card at the
same moment are served one after the other and the second sees what the first left.
Locks are taken ticket first, then card, everywhere.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone

from salonkeep.accounts.models import Business, User
from salonkeep.catalog.models import Service
from salonkeep.giftcards.models import (
    CODE_MAX_LENGTH,
    GiftCard,
    GiftCardMovement,
    GiftCardRules,
    MovementKind,
)
from salonkeep.giftcards.movements import (
    GiftCardError,
    money_text,
    record_movement,
)
from salonkeep.sales.daylock import ensure_day_open
from salonkeep.sales.models import (
    LineKind,
    Payment,
    PaymentKind,
    PaymentMethod,
    Ticket,
    TicketLine,
    TicketStatus,
)
from salonkeep.sales.settle import add_payment
from salonkeep.sales.tickets import (
    MAX_LINES,
    lock_for_payment,
    lock_open_ticket,
)

CODE_MIN_LENGTH = 6
GENERATED_DIGITS = 12
MAX_CARD_VALUE = 1_000_000  # 10 000.00: far above any real gift card


def rules_for(business: Business) -> GiftCardRules:
    rules, _ = GiftCardRules.objects.get_or_create(business=business)
    return rules


def normalise_code(text: str) -> str:
    """What people type ("1234 5678-9012") to the stored code, or GiftCardError."""
    code = text.replace(" ", "").replace("-", "").upper()
    if not (CODE_MIN_LENGTH <= len(code) <= CODE_MAX_LENGTH and code.isascii() and code.isalnum()):
        raise GiftCardError(
            "That is not a gift card number: it is 6 to 20 letters and digits, "
            "such as 1234 5678 9012."
        )
    return code


def _new_code(business: Business) -> str:
    while True:
        code = "".join(secrets.choice("0123456789") for _ in range(GENERATED_DIGITS))
        if not GiftCard.objects.filter(business=business, code=code).exists():
            return code


def sell_gift_card(
    ticket: Ticket,
    amount: int,
    recipient: str = "",
    code: str = "",
    expires_on: date | None = None,
    certificate: bool = False,
    service: Service | None = None,
) -> GiftCard:
    """Put a gift card (or a gift certificate: for ``amount``, or for ``service`` at its
    price) on an unpaid ticket. It is issued when the ticket is paid."""
    business = ticket.business
    if service is not None:
        if service.business_id != business.pk:
            raise GiftCardError("No such service.")
        certificate, amount = True, service.price
    if not 1 <= amount <= MAX_CARD_VALUE:
        raise GiftCardError(
            f"A gift card is worth between {money_text(business, 1)} and "
            f"{money_text(business, MAX_CARD_VALUE)}."
        )
    now = timezone.now()
    with transaction.atomic():
        locked = lock_open_ticket(ticket)
        if locked.payments.exists():
            raise GiftCardError(
                "A payment has been taken on this ticket, so what is on it can no longer change."
            )
        if locked.discount_kind:
            raise GiftCardError(
                "Gift cards are sold at their full value: take off the whole-ticket discount "
                "first (discount the other lines one by one instead)."
            )
        if locked.lines.count() >= MAX_LINES:
            raise GiftCardError(f"A ticket holds at most {MAX_LINES} lines.")
        today = ensure_day_open(business, now)
        if expires_on is not None:
            if not rules_for(business).expiry_allowed:
                raise GiftCardError(
                    "Gift cards of this salon do not expire (see the gift card rules)."
                )
            if expires_on <= today:
                raise GiftCardError("The expiry date must be after today.")
        if code:
            code = normalise_code(code)
            # A card reserved on a ticket that was then voided was never issued: its
            # number is free again.
            for unused in GiftCard.objects.filter(
                business=business,
                code=code,
                issued_at__isnull=True,
                sold_on__ticket__status=TicketStatus.VOIDED,
            ):
                unused.delete()
            if GiftCard.objects.filter(business=business, code=code).exists():
                raise GiftCardError(f"There is already a gift card or certificate {code}.")
        else:
            code = _new_code(business)
        last = locked.lines.aggregate(last=Max("position"))["last"]
        card = GiftCard(
            business=business,
            code=code,
            is_certificate=certificate,
            certificate_service=service,
        )
        what = f"{card.kind_name} {card.code_display}"
        if service is not None:
            what += f" for {service.name}"
        line = TicketLine.objects.create(
            business=business,
            ticket=locked,
            kind=LineKind.GIFT_CARD,
            description=what[:120],
            unit_price=amount,
            quantity=1,
            position=(last or 0) + 1,
        )
        card.initial_value = amount
        card.recipient = recipient.strip()[:120]
        card.expires_on = expires_on
        card.sold_on = line
        card.created_at = now
        card.save()
        return card


def find_card(business: Business, text: str, for_update: bool = False) -> GiftCard:
    """The business's issued card with this number; another business's card, a card
    whose sale is not paid yet and a mistyped number are all "no such gift card"."""
    code = normalise_code(text)
    cards = GiftCard.objects.select_for_update() if for_update else GiftCard.objects.all()
    card = cards.filter(business=business, code=code, issued_at__isnull=False).first()
    if card is None:
        raise GiftCardError(f"No such gift card or certificate: {code}.")
    return card


def expired(card: GiftCard, today: date) -> bool:
    return card.expires_on is not None and card.expires_on < today


def redeem(ticket: Ticket, user: User, code: str, amount: int) -> Payment:
    """Pay (part of) a ticket from a gift card. Refused, with nothing saved, when the card
    is unknown, expired, or has less on it than the amount."""
    if amount <= 0:
        raise GiftCardError("A payment must be more than zero.")
    now = timezone.now()
    with transaction.atomic():
        locked, day, left = lock_for_payment(ticket, now)
        business = locked.business
        if amount > left:
            due = money_text(business, left)
            raise GiftCardError(f"A gift card payment cannot be more than the {due} still due.")
        card = find_card(business, code, for_update=True)
        if card.is_certificate:
            raise GiftCardError(
                f"{card.code_display} is a gift certificate: it is used whole, under "
                "“Use a gift certificate”."
            )
        if expired(card, day):
            raise GiftCardError(
                f"Gift card {card.code_display} expired on {card.expires_on:%-d %B %Y}."
            )
        if card.balance < amount:
            raise GiftCardError(
                f"Gift card {card.code_display} has only {money_text(business, card.balance)} left."
            )
        payment = add_payment(
            locked, user, day, now, left, PaymentMethod.GIFT_CARD, amount, reference=card.code
        )
        record_movement(card, MovementKind.REDEEMED, -amount, user, now, payment=payment)
        return payment


def credit_back(refund_row: Payment, user: User | None) -> None:
    """A refund by gift card: the money goes back onto the cards that paid the ticket,
    the most recently used first, never more than each of them paid."""
    if refund_row.kind != PaymentKind.REFUND or refund_row.method != PaymentMethod.GIFT_CARD:
        raise GiftCardError("Only a gift card refund goes back onto a card.")
    business = refund_row.business
    # Certificates are used once, whole: they are refunded in cash or to the card instead.
    on_ticket = GiftCardMovement.objects.filter(
        payment__ticket_id=refund_row.ticket_id, card__is_certificate=False
    )
    room: dict[int, int] = defaultdict(int)
    for movement in on_ticket.exclude(payment=refund_row).order_by("-created_at", "-pk"):
        if movement.kind in (MovementKind.REDEEMED, MovementKind.REFUNDED):
            room[movement.card_id] -= movement.amount
    left = -refund_row.amount
    if sum(max(part, 0) for part in room.values()) < left:
        most = sum(max(part, 0) for part in room.values())
        raise GiftCardError(
            f"At most {money_text(business, most)} can go back onto gift cards: "
            "that is what they paid on this ticket."
        )
    for card_id, part in room.items():
        if left == 0:
            break
        back = min(part, left)
        if back <= 0:
            continue
        card = GiftCard.objects.select_for_update().get(pk=card_id)
        record_movement(
            card,
            MovementKind.REFUNDED,
            back,
            user,
            refund_row.created_at,
            payment=refund_row,
            reason=refund_row.note,
        )
        left -= back


def adjust(card: GiftCard, user: User, amount: int, reason: str) -> GiftCardMovement:
    """A correction by the owner or a manager: a signed amount and the reason for it."""
    if amount == 0:
        raise GiftCardError("An adjustment must change the balance.")
    if not reason.strip():
        raise GiftCardError("Say why the balance is adjusted.")
    with transaction.atomic():
        locked = GiftCard.objects.select_for_update().get(pk=card.pk)
        if locked.issued_at is None:
            raise GiftCardError("This gift card has not been paid for yet.")
        if locked.balance + amount < 0:
            raise GiftCardError(
                "The balance cannot go below zero: at most "
                f"{money_text(locked.business, locked.balance)} can come off."
            )
        return record_movement(
            locked, MovementKind.ADJUSTED, amount, user, timezone.now(), reason=reason
        )


def outstanding(business: Business) -> int:
    """What the salon owes on all its gift cards now: a liability, not revenue."""
    total = GiftCard.objects.filter(business=business, issued_at__isnull=False).aggregate(
        total=Sum("balance")
    )["total"]
    return int(total or 0)


def outstanding_at_end_of(business: Business, day: date) -> int:
    """The liability at the end of a business day, from the movements up to that day."""
    total = GiftCardMovement.objects.filter(business=business, business_date__lte=day).aggregate(
        total=Sum("amount")
    )["total"]
    return int(total or 0)
