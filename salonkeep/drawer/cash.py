"""Opening the drawer, pay-ins and pay-outs, and what the drawer should hold.

Expected cash = opening float + cash taken − cash refunded − pay-outs + pay-ins. A cash
payment row already holds what was kept (the change given back is recorded beside it,
not in the amount), and a refund row is negative, so the sum of the day's cash rows is
the cash sales net of change and refunds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from salonkeep.accounts.models import Business, Location, User
from salonkeep.drawer.denominations import total_of
from salonkeep.drawer.models import CloseOut, Drawer, DrawerEntry, EntryKind
from salonkeep.lib.money import format_money
from salonkeep.sales.daylock import business_date
from salonkeep.sales.models import ClosedDay, Payment, PaymentMethod, Tip


class DrawerError(Exception):
    """A drawer action that cannot be done; the message says why, for people."""


def today(business: Business) -> date:
    return business_date(business, timezone.now())


def is_closed(business: Business, day: date) -> bool:
    return ClosedDay.objects.filter(business=business, date=day).exists()


def carried_float(business: Business, day: date) -> int:
    """The float left in the drawer at the last close-out before ``day``."""
    last = CloseOut.objects.filter(business=business, date__lt=day).order_by("-date").first()
    return last.closing_float if last else 0


def open_drawer(
    business: Business,
    location: Location,
    user: User,
    float_total: int | None,
    counts: Mapping[str, int],
) -> Drawer:
    """Open today's drawer with a float counted note by note (``counts``) or as a total."""
    if location.business_id != business.pk:
        raise DrawerError("Choose one of your locations.")
    day = today(business)
    if is_closed(business, day):
        raise DrawerError(f"{day:%A %-d %B} has been closed out; the drawer opens tomorrow.")
    counted = {key: pieces for key, pieces in counts.items() if pieces}
    if counted:
        try:
            opening = total_of(counted, business.currency)
        except ValueError as problem:
            raise DrawerError(str(problem)) from problem
    elif float_total is not None:
        opening = float_total
    else:
        raise DrawerError("Count the float note by note, or enter its total.")
    if opening < 0:
        raise DrawerError("The float cannot be negative.")
    try:
        with transaction.atomic():
            return Drawer.objects.create(
                business=business,
                location=location,
                date=day,
                opening_float=opening,
                opening_counts=counted,
                opened_at=timezone.now(),
                opened_by=user,
            )
    except IntegrityError as clash:
        raise DrawerError("Today's drawer is already open.") from clash


def tip_paid_out(tip: Tip) -> int:
    paid = DrawerEntry.objects.filter(tip=tip, kind=EntryKind.PAY_OUT).aggregate(s=Sum("amount"))
    return int(paid["s"] or 0)


def add_entry(
    drawer: Drawer, user: User, kind: str, amount: int, reason: str, tip: Tip | None = None
) -> DrawerEntry:
    """A pay-in or pay-out on today's open drawer. A card tip paid out in cash is a
    pay-out linked to the tip; it cannot pay out more than the tip."""
    if kind not in EntryKind.values:
        raise DrawerError("Choose pay-in or pay-out.")
    if amount <= 0:
        raise DrawerError("The amount must be more than zero.")
    reason = reason.strip()
    if not reason and tip is None:
        raise DrawerError("Say why the cash goes in or out.")
    with transaction.atomic():
        locked = Drawer.objects.select_for_update().get(pk=drawer.pk)
        if is_closed(locked.business, locked.date):
            raise DrawerError(
                "This day has been closed out. Record the correction on today's drawer."
            )
        if locked.date != today(locked.business):
            raise DrawerError("Only today's drawer takes pay-ins and pay-outs.")
        if tip is not None:
            if kind != EntryKind.PAY_OUT:
                raise DrawerError("A tip handed over in cash is a pay-out.")
            locked_tip = Tip.objects.select_for_update().get(pk=tip.pk)
            left = locked_tip.amount - tip_paid_out(locked_tip)
            if amount > left:
                raise DrawerError(
                    f"At most {format_money(left, locked.business.currency)} of this tip "
                    "is left to pay out."
                )
            reason = reason or f"Card tip for {locked_tip.team_member} paid in cash"
        return DrawerEntry.objects.create(
            business=locked.business,
            drawer=locked,
            kind=kind,
            amount=amount,
            reason=reason[:200],
            tip=tip,
            created_at=timezone.now(),
            created_by=user,
        )


@dataclass(frozen=True)
class CashBalance:
    opening_float: int
    cash_payments: int  # net of change and refunds
    pay_ins: int
    pay_outs: int

    @property
    def expected(self) -> int:
        return self.opening_float + self.cash_payments + self.pay_ins - self.pay_outs


def payments_by_method(business: Business, day: date) -> dict[str, int]:
    """Money taken on ``day`` per payment method, refunds subtracted; owed promises are
    not money and are left out."""
    rows = (
        Payment.objects.filter(business=business, business_date=day)
        .exclude(method=PaymentMethod.OWED)
        .values("method")
        .annotate(total=Sum("amount"))
        .order_by("method")
    )
    return {row["method"]: int(row["total"]) for row in rows}


def cash_balance(drawer: Drawer) -> CashBalance:
    totals = {
        row["kind"]: int(row["total"])
        for row in drawer.entries.values("kind").annotate(total=Sum("amount")).order_by("kind")
    }
    return CashBalance(
        opening_float=drawer.opening_float,
        cash_payments=payments_by_method(drawer.business, drawer.date).get(PaymentMethod.CASH, 0),
        pay_ins=totals.get(EntryKind.PAY_IN, 0),
        pay_outs=totals.get(EntryKind.PAY_OUT, 0),
    )


def expected_amounts(drawer: Drawer) -> dict[str, int]:
    """What should be counted per payment type at close: cash always, then every other
    type that took money that day."""
    by_method = payments_by_method(drawer.business, drawer.date)
    expected = {PaymentMethod.CASH.value: cash_balance(drawer).expected}
    for method in PaymentMethod.values:
        if method not in (PaymentMethod.CASH, PaymentMethod.OWED) and method in by_method:
            expected[method] = by_method[method]
    return expected
