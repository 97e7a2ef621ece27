"""Opening tickets and changing what is on them.

Every change runs in one transaction that first locks the ticket row (and, for a product,
the product row), then re-reads its state: two people at the till cannot both change a
ticket or sell the last bottle of shampoo. Once a payment has been taken a ticket's
contents are fixed; a refund or void is the way back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from salonkeep.accounts.models import Business, User
from salonkeep.book.models import Appointment, Status
from salonkeep.clients.models import Client
from salonkeep.lib.splits import split_by_weights, split_evenly
from salonkeep.sales.daylock import SaleError, ensure_day_open
from salonkeep.sales.models import (
    LineKind,
    Product,
    TaxRate,
    Ticket,
    TicketLine,
    TicketStatus,
    Tip,
)
from salonkeep.sales.pricing import LineInput, TicketPrice, price_ticket
from salonkeep.team.models import TeamMember

MAX_QUANTITY = 99
MAX_LINES = 60

TIP_EVENLY = "even"
TIP_SHARES = "shares"
TIP_SERVICE_VALUE = "service_value"


def price_of(ticket: Ticket) -> TicketPrice:
    lines = list(ticket.lines.all())
    return price_ticket(
        [
            LineInput(
                unit_price=line.unit_price,
                quantity=line.quantity,
                tax_basis_points=line.tax_basis_points,
                tax_inclusive=line.tax_inclusive,
                discount_kind=line.discount_kind,
                discount_value=line.discount_value,
            )
            for line in lines
        ],
        ticket.discount_kind,
        ticket.discount_value,
        sum(tip.amount for tip in ticket.tips.all()),
    )


def covered_amount(ticket: Ticket) -> int:
    """What the payments cover: money taken and owed promises, less refunds. A payment
    that collects an owed one is not counted again."""
    return sum(p.amount for p in ticket.payments.all() if p.collects_id is None)


def _next_number(business: Business) -> int:
    # Locking the business row serialises numbering on PostgreSQL; SQLite's IMMEDIATE
    # transactions already hold the write lock.
    Business.objects.select_for_update().filter(pk=business.pk).values_list("pk").get()
    last = Ticket.objects.filter(business=business).aggregate(last=Max("number"))["last"]
    return (last or 0) + 1


def _service_tax(business: Business) -> TaxRate | None:
    return TaxRate.objects.filter(business=business, for_services=True, is_active=True).first()


def open_walk_in(business: Business, user: User, client: Client | None = None) -> Ticket:
    now = timezone.now()
    with transaction.atomic():
        ensure_day_open(business, now)
        return Ticket.objects.create(
            business=business,
            number=_next_number(business),
            client=client,
            opened_at=now,
            opened_by=user,
        )


def open_for_appointment(business: Business, user: User, appointment: Appointment) -> Ticket:
    """The appointment's ticket, opened now with its services at the booked prices; or
    the ticket it already has."""
    if appointment.status == Status.CANCELLED:
        raise SaleError("This appointment was cancelled; there is nothing to check out.")
    now = timezone.now()
    with transaction.atomic():
        Appointment.objects.select_for_update().filter(pk=appointment.pk).values_list("pk").get()
        existing = appointment.tickets.exclude(status=TicketStatus.VOIDED).first()
        if existing:
            return existing
        ensure_day_open(business, now)
        ticket = Ticket.objects.create(
            business=business,
            number=_next_number(business),
            appointment=appointment,
            client=appointment.client,
            opened_at=now,
            opened_by=user,
        )
        tax = _service_tax(business)
        for position, booked in enumerate(appointment.lines.select_related("team_member")):
            TicketLine.objects.create(
                business=business,
                ticket=ticket,
                kind=LineKind.SERVICE,
                appointment_service=booked,
                team_member=booked.team_member,
                description=f"{booked.service_name} with {booked.team_member.name}"[:120],
                unit_price=booked.price,
                tax_name=tax.name if tax else "",
                tax_basis_points=tax.basis_points if tax else 0,
                tax_inclusive=tax.inclusive if tax else True,
                position=position,
            )
        return ticket


def lock_open_ticket(ticket: Ticket) -> Ticket:
    """Lock the ticket and check its contents may still change. Inside a transaction."""
    locked = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if locked.status == TicketStatus.VOIDED:
        raise SaleError(f"Ticket {locked.number} was voided; it cannot be changed or paid.")
    if locked.status == TicketStatus.PAID:
        raise SaleError(f"Ticket {locked.number} is paid; it can only be refunded now.")
    return locked


def lock_for_payment(ticket: Ticket, now: datetime) -> tuple[Ticket, date, int]:
    """Inside a transaction: the ticket locked for taking a payment, the (open) business
    day the payment belongs to, and the amount still to pay. Refused with the reason when
    nothing can be paid."""
    locked = lock_open_ticket(ticket)
    if not locked.lines.exists():
        raise SaleError("Add a service or product to the ticket before taking payment.")
    day = ensure_day_open(locked.business, now)
    left = price_of(locked).due - covered_amount(locked)
    if left <= 0:
        raise SaleError("Nothing is left to pay on this ticket.")
    return locked, day, left


def _lock_unpaid_contents(ticket: Ticket) -> Ticket:
    locked = lock_open_ticket(ticket)
    if locked.payments.exists():
        raise SaleError(
            "A payment has been taken on this ticket, so what is on it can no longer change."
        )
    return locked


def add_product(
    ticket: Ticket, product: Product, quantity: int, team_member: TeamMember | None = None
) -> TicketLine:
    """Put a product on the ticket and take it out of stock, refusing to sell more than
    is on the shelf."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise SaleError(f"The quantity must be between 1 and {MAX_QUANTITY}.")
    with transaction.atomic():
        locked = _lock_unpaid_contents(ticket)
        if locked.lines.count() >= MAX_LINES:
            raise SaleError(f"A ticket holds at most {MAX_LINES} lines.")
        shelf = Product.objects.select_for_update().get(pk=product.pk)
        if not shelf.is_active:
            raise SaleError(f"{shelf.name} is no longer sold.")
        if shelf.stock < quantity:
            raise SaleError(f"Only {shelf.stock} of {shelf.name} in stock.")
        shelf.stock -= quantity
        shelf.save(update_fields=["stock"])
        tax = shelf.tax_rate
        last = locked.lines.aggregate(last=Max("position"))["last"]
        return TicketLine.objects.create(
            business=locked.business,
            ticket=locked,
            kind=LineKind.PRODUCT,
            product=shelf,
            team_member=team_member,
            description=shelf.name,
            unit_price=shelf.price,
            quantity=quantity,
            tax_name=tax.name if tax else "",
            tax_basis_points=tax.basis_points if tax else 0,
            tax_inclusive=tax.inclusive if tax else True,
            position=(last or 0) + 1,
        )


def restock(line: TicketLine, quantity: int) -> None:
    if line.product_id is None or quantity <= 0:
        return
    shelf = Product.objects.select_for_update().get(pk=line.product_id)
    shelf.stock += quantity
    shelf.save(update_fields=["stock"])


def remove_line(ticket: Ticket, line: TicketLine) -> None:
    """Take a line off an unpaid ticket (a product goes back into stock)."""
    with transaction.atomic():
        _lock_unpaid_contents(ticket)
        line = TicketLine.objects.get(pk=line.pk, ticket=ticket)
        restock(line, line.quantity)
        line.delete()


def set_line_discount(ticket: Ticket, line: TicketLine, kind: str, value: int) -> None:
    with transaction.atomic():
        _lock_unpaid_contents(ticket)
        line = TicketLine.objects.get(pk=line.pk, ticket=ticket)
        if kind and line.kind == LineKind.GIFT_CARD:
            raise SaleError("A gift card is sold at its full value: it takes no discount.")
        line.discount_kind, line.discount_value = kind, value if kind else 0
        line.save(update_fields=["discount_kind", "discount_value"])


def set_ticket_discount(ticket: Ticket, kind: str, value: int) -> None:
    with transaction.atomic():
        locked = _lock_unpaid_contents(ticket)
        if kind and locked.lines.filter(kind=LineKind.GIFT_CARD).exists():
            raise SaleError(
                "A gift card is sold at its full value: discount the other lines one by one."
            )
        locked.discount_kind, locked.discount_value = kind, value if kind else 0
        locked.save(update_fields=["discount_kind", "discount_value"])


def set_client(ticket: Ticket, client: Client | None) -> None:
    with transaction.atomic():
        locked = lock_open_ticket(ticket)
        if locked.payments.filter(method="owed").exists() and client is None:
            raise SaleError("A ticket with a payment owed needs its client.")
        locked.client = client
        locked.save(update_fields=["client"])


def tip_split(
    ticket: Ticket, amount: int, members: Sequence[TeamMember], how: str, shares: Sequence[int]
) -> list[int]:
    """Each member's part of ``amount``: evenly, by the shares given, or by the value of
    the services each of them did on this ticket. The parts add up to ``amount``."""
    if not members:
        raise SaleError("Choose who the tip is for.")
    if how == TIP_EVENLY:
        return split_evenly(amount, len(members))
    if how == TIP_SHARES:
        if len(shares) != len(members) or any(share < 0 for share in shares) or not any(shares):
            raise SaleError("Give each chosen team member a share, such as 1 or 2.")
        return split_by_weights(amount, shares)
    if how == TIP_SERVICE_VALUE:
        priced = price_of(ticket)
        value: dict[int, int] = {}
        for line, price in zip(ticket.lines.all(), priced.lines, strict=True):
            if line.kind == LineKind.SERVICE and line.team_member_id is not None:
                value[line.team_member_id] = value.get(line.team_member_id, 0) + price.net
        weights = [value.get(member.pk, 0) for member in members]
        if not any(weights):
            raise SaleError("None of the chosen team members did a paid service on this ticket.")
        return split_by_weights(amount, weights)
    raise SaleError("Choose how to split the tip.")


def set_tips(
    ticket: Ticket, amount: int, members: Sequence[TeamMember], how: str, shares: Sequence[int]
) -> list[Tip]:
    """Replace the ticket's tips: ``amount`` split between ``members`` (none for no tip)."""
    with transaction.atomic():
        locked = _lock_unpaid_contents(ticket)
        parts = tip_split(locked, amount, members, how, shares) if amount else []
        locked.tips.all().delete()
        return [
            Tip.objects.create(
                business=locked.business, ticket=locked, team_member=member, amount=part
            )
            for member, part in zip(members, parts, strict=False)
            if part
        ]


def void_ticket(ticket: Ticket, user: User, reason: str) -> None:
    """Void an unpaid ticket: it stays, marked voided, and its products go back into
    stock. A ticket with money on it is refunded first."""
    with transaction.atomic():
        locked = lock_open_ticket(ticket)
        if any(p.collects_id is None for p in locked.payments.all()) and covered_amount(locked):
            raise SaleError("Money has been taken on this ticket: refund it before voiding.")
        for line in locked.lines.all():
            restock(line, line.quantity - line.returned_quantity)
        locked.status = TicketStatus.VOIDED
        locked.voided_at = timezone.now()
        locked.voided_by = user
        locked.void_reason = reason
        locked.save(update_fields=["status", "voided_at", "voided_by", "void_reason"])
