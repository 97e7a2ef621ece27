"""The end-of-day report: what was sold, by whom, tips, payments, and what is still owed.

A sale belongs to the day its ticket was paid (in the salon's time zone); payments belong
to their own business date, so a refund today of last week's sale shows today. Gift
cards sold are a liability, not revenue, so they are not among the sales; their own
section shows how the liability moved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Sum

from salonkeep.accounts.models import Business
from salonkeep.drawer.cash import CashBalance, cash_balance, payments_by_method
from salonkeep.drawer.models import CloseOut, Drawer
from salonkeep.giftcards.ledger import outstanding_at_end_of
from salonkeep.giftcards.models import GiftCardMovement, MovementKind
from salonkeep.lib.dates import local_day_bounds
from salonkeep.sales.models import LineKind, Payment, PaymentKind, PaymentMethod, Ticket
from salonkeep.sales.payments import owed_payments
from salonkeep.sales.tickets import price_of

NO_MEMBER = "No team member"


@dataclass
class Row:
    name: str
    quantity: int = 0
    amount: int = 0


@dataclass
class DayReport:
    day: date
    tickets: int = 0
    services: list[Row] = field(default_factory=list)
    products: list[Row] = field(default_factory=list)
    team: list[Row] = field(default_factory=list)
    tips: list[Row] = field(default_factory=list)
    payments: list[Row] = field(default_factory=list)
    refunds: int = 0
    sales_total: int = 0
    tips_total: int = 0
    payments_total: int = 0
    owed_today: int = 0
    owed_collected: int = 0
    owed_outstanding: int = 0
    owed_outstanding_count: int = 0
    gift_cards_opening: int = 0  # the liability at the end of the day before
    gift_card_movements: list[Row] = field(default_factory=list)
    gift_cards_closing: int = 0
    drawer: Drawer | None = None
    balance: CashBalance | None = None
    close_out: CloseOut | None = None


def _rows(totals: dict[str, Row]) -> list[Row]:
    return sorted(totals.values(), key=lambda row: (-row.amount, row.name))


def day_report(business: Business, day: date) -> DayReport:
    report = DayReport(day=day)
    start, end = local_day_bounds(day, business.tz)
    tickets = (
        Ticket.objects.filter(business=business, status="paid", paid_at__gte=start, paid_at__lt=end)
        .prefetch_related("lines__team_member", "lines__appointment_service", "tips__team_member")
        .order_by("pk")
    )
    services: dict[str, Row] = {}
    products: dict[str, Row] = {}
    team: dict[str, Row] = {}
    tips: dict[str, Row] = {}
    for ticket in tickets:
        report.tickets += 1
        lines = list(ticket.lines.all())
        for line, price in zip(lines, price_of(ticket).lines, strict=True):
            if line.kind not in (LineKind.SERVICE, LineKind.PRODUCT):
                continue
            group = services if line.kind == LineKind.SERVICE else products
            # A service line reads "Colour with Sam": the report groups by the service.
            booked = line.appointment_service
            name = booked.service_name if booked is not None else line.description
            row = group.setdefault(name, Row(name))
            row.quantity += line.quantity
            row.amount += price.total
            member = str(line.team_member) if line.team_member else NO_MEMBER
            member_row = team.setdefault(member, Row(member))
            member_row.quantity += line.quantity
            member_row.amount += price.total
            report.sales_total += price.total
        for tip in ticket.tips.all():
            row = tips.setdefault(str(tip.team_member), Row(str(tip.team_member)))
            row.quantity += 1
            row.amount += tip.amount
            report.tips_total += tip.amount
    report.services, report.products = _rows(services), _rows(products)
    report.team, report.tips = _rows(team), _rows(tips)

    labels = dict(PaymentMethod.choices)
    for method, total in payments_by_method(business, day).items():
        report.payments.append(Row(str(labels[method]), amount=total))
        report.payments_total += total
    day_payments = Payment.objects.filter(business=business, business_date=day)
    refunds = day_payments.filter(kind=PaymentKind.REFUND).aggregate(s=Sum("amount"))
    report.refunds = -int(refunds["s"] or 0)
    owed = day_payments.filter(method=PaymentMethod.OWED).aggregate(s=Sum("amount"))
    report.owed_today = int(owed["s"] or 0)
    collected = day_payments.filter(collects__isnull=False).aggregate(s=Sum("amount"))
    report.owed_collected = int(collected["s"] or 0)
    outstanding = list(owed_payments(business))
    report.owed_outstanding = sum(p.amount for p in outstanding)
    report.owed_outstanding_count = len(outstanding)

    _gift_card_liability(report, business, day)
    report.drawer = Drawer.objects.filter(business=business, date=day).first()
    if report.drawer is not None:
        report.balance = cash_balance(report.drawer)
        report.close_out = CloseOut.objects.filter(drawer=report.drawer).first()
    return report


def _gift_card_liability(report: DayReport, business: Business, day: date) -> None:
    """Issued adds to what the salon owes its card holders; redeemed takes it off."""
    report.gift_cards_opening = outstanding_at_end_of(business, day - timedelta(days=1))
    report.gift_cards_closing = outstanding_at_end_of(business, day)
    labels = dict(MovementKind.choices)
    rows = (
        GiftCardMovement.objects.filter(business=business, business_date=day)
        .values("kind")
        .annotate(total=Sum("amount"), count=Count("pk"))
        .order_by("kind")
    )
    report.gift_card_movements = [
        Row(str(labels.get(row["kind"], row["kind"])), int(row["count"]), int(row["total"]))
        for row in rows
    ]
