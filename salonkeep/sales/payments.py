"""Taking payments, refunds, and collecting payments owed.

Split tender: a ticket takes as many payments as needed and is paid once they cover what
is due. Cash may be more than what is left (the rest is change); a card payment may not
(the terminal would have charged too much). "Pay later" records a payment owed against
the client; it is collected later by cash or card (in person or by telephone), which adds
a payment row pointing at the owed one. A refund is a negative payment row; nothing is
ever edited away. Every write locks the ticket (or the owed payment) first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from salonkeep.accounts.models import Business, User
from salonkeep.giftcards.ledger import credit_back
from salonkeep.lib.money import format_money
from salonkeep.sales.daylock import SaleError, ensure_day_open
from salonkeep.sales.maintenance import refuse_card_if_paused
from salonkeep.sales.models import (
    Payment,
    PaymentKind,
    PaymentMethod,
    Ticket,
    TicketLine,
    TicketStatus,
)
from salonkeep.sales.settle import add_payment
from salonkeep.sales.tickets import (
    covered_amount,
    lock_for_payment,
    lock_open_ticket,
    price_of,
    restock,
)

TAKE_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.OWED)
COLLECT_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.TELEPHONE)
REFUND_METHODS = (PaymentMethod.CASH, PaymentMethod.CARD, PaymentMethod.GIFT_CARD)
CARD_METHODS = (PaymentMethod.CARD, PaymentMethod.TELEPHONE)


@dataclass(frozen=True)
class Tender:
    method: str
    amount: int  # for cash: what the client handed over
    card_last4: str = ""
    reference: str = ""


def _card_details(tender: Tender) -> tuple[str, str]:
    last4 = tender.card_last4.strip()
    if last4 and (len(last4) != 4 or not last4.isdigit()):
        raise SaleError("The last 4 digits of the card are four digits, such as 4242.")
    return last4, tender.reference.strip()[:80]


def take_payment(ticket: Ticket, user: User, tender: Tender) -> Payment:
    if tender.method not in TAKE_METHODS:
        raise SaleError("Choose cash, card or pay later.")
    if tender.amount <= 0:
        raise SaleError("A payment must be more than zero.")
    now = timezone.now()
    refuse_card_if_paused(ticket.business, tender.method, now, owed=False)
    with transaction.atomic():
        locked, day, left = lock_for_payment(ticket, now)
        fields: dict[str, object] = {}
        amount = tender.amount
        if tender.method == PaymentMethod.CASH:
            amount = min(tender.amount, left)
            fields = {"tendered": tender.amount, "change": tender.amount - amount}
        elif amount > left:
            what = "A card payment" if tender.method == PaymentMethod.CARD else "A payment owed"
            raise SaleError(f"{what} cannot be more than the {_money(locked, left)} still due.")
        if tender.method == PaymentMethod.OWED and locked.client_id is None:
            raise SaleError("Pay later needs a client: choose who owes the money first.")
        if tender.method == PaymentMethod.CARD:
            fields["card_last4"], fields["reference"] = _card_details(tender)
        return add_payment(locked, user, day, now, left, tender.method, amount, **fields)


def close_free_ticket(ticket: Ticket) -> None:
    """Mark paid a ticket with nothing to pay (a complimentary service, a 100 % discount)."""
    now = timezone.now()
    with transaction.atomic():
        locked = lock_open_ticket(ticket)
        if not locked.lines.exists():
            raise SaleError("Add a service or product to the ticket first.")
        ensure_day_open(locked.business, now)
        if price_of(locked).due - covered_amount(locked) > 0:
            raise SaleError("There is still something to pay on this ticket.")
        locked.status = TicketStatus.PAID
        locked.paid_at = now
        locked.save(update_fields=["status", "paid_at"])


def refundable_amount(ticket: Ticket) -> int:
    """Money actually taken for the ticket (owed promises excluded), less refunds."""
    return sum(p.amount for p in ticket.payments.all() if p.method != PaymentMethod.OWED)


def refund(
    ticket: Ticket,
    user: User,
    method: str,
    amount: int,
    returns: Mapping[int, int],
    reason: str,
) -> Payment:
    """Give money back (a new negative payment row) and put returned products back into
    stock. ``returns`` maps product line ids to the quantity brought back."""
    if method not in REFUND_METHODS:
        raise SaleError("Refund in cash, to the card, or back onto the gift card.")
    if amount <= 0:
        raise SaleError("A refund must be more than zero.")
    if not reason.strip():
        raise SaleError("Say why the money is given back.")
    now = timezone.now()
    with transaction.atomic():
        locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
        if locked.status == TicketStatus.VOIDED:
            raise SaleError(f"Ticket {locked.number} was voided; there is nothing to refund.")
        day = ensure_day_open(locked.business, now)
        most = refundable_amount(locked)
        if amount > most:
            raise SaleError(
                f"At most {_money(locked, most)} can be refunded: that is what was paid."
            )
        for line_id, quantity in returns.items():
            if quantity <= 0:
                continue
            line = TicketLine.objects.select_for_update().get(pk=line_id, ticket=locked)
            if line.product_id is None or quantity > line.quantity - line.returned_quantity:
                raise SaleError(
                    f"At most {line.quantity - line.returned_quantity} of "
                    f"{line.description} can come back."
                )
            line.returned_quantity += quantity
            line.save(update_fields=["returned_quantity"])
            restock(line, quantity)
        given_back = Payment.objects.create(
            business=locked.business,
            ticket=locked,
            kind=PaymentKind.REFUND,
            method=method,
            amount=-amount,
            note=reason.strip()[:200],
            created_at=now,
            created_by=user,
            business_date=day,
        )
        if method == PaymentMethod.GIFT_CARD:
            credit_back(given_back, user)
        return given_back


def owed_payments(business: Business) -> QuerySet[Payment]:
    """Every payment owed not yet collected, oldest first."""
    return (
        Payment.objects.filter(
            business=business, method=PaymentMethod.OWED, collection__isnull=True
        )
        .exclude(ticket__status=TicketStatus.VOIDED)
        .select_related("ticket", "ticket__client")
        .order_by("created_at", "pk")
    )


def collect_owed(owed: Payment, user: User, tender: Tender) -> Payment:
    """Settle a payment owed in full by cash or card (in person or by telephone)."""
    if tender.method not in COLLECT_METHODS:
        raise SaleError("Collect it in cash, by card, or by card over the telephone.")
    now = timezone.now()
    refuse_card_if_paused(owed.business, tender.method, now, owed=True)
    with transaction.atomic():
        locked = Payment.objects.select_for_update().get(pk=owed.pk)
        if locked.method != PaymentMethod.OWED:
            raise SaleError("That is not a payment owed.")
        if Payment.objects.filter(collects=locked).exists():
            raise SaleError("This payment owed has already been collected.")
        day = ensure_day_open(locked.business, now)
        fields: dict[str, object] = {}
        if tender.method == PaymentMethod.CASH:
            if tender.amount < locked.amount:
                raise SaleError(
                    f"The cash handed over must be at least the "
                    f"{_money(locked.ticket, locked.amount)} owed."
                )
            fields = {"tendered": tender.amount, "change": tender.amount - locked.amount}
        else:
            fields["card_last4"], fields["reference"] = _card_details(tender)
        return Payment.objects.create(
            business=locked.business,
            ticket_id=locked.ticket_id,
            method=tender.method,
            amount=locked.amount,
            collects=locked,
            created_at=now,
            created_by=user,
            business_date=day,
            **fields,
        )


def _money(ticket: Ticket, minor: int) -> str:
    return format_money(minor, ticket.business.currency)
