"""Closing a business day: count, compare, explain, lock, and leave tasks for tomorrow.

Everything happens in one transaction: the ClosedDay (which refuses every later sale
into the day), the close-out record with its counts and lines, and the tasks. If any step
fails nothing is kept and the day stays open.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from salonkeep.accounts.models import User
from salonkeep.book.models import Appointment, Status
from salonkeep.drawer.cash import DrawerError, expected_amounts
from salonkeep.drawer.denominations import total_of
from salonkeep.drawer.models import CloseOut, CloseOutLine, Drawer
from salonkeep.lib.dates import local_day_bounds
from salonkeep.lib.money import format_money
from salonkeep.sales.models import ClosedDay, Payment, PaymentMethod, Ticket, TicketStatus
from salonkeep.sales.payments import owed_payments
from salonkeep.tasks.models import Task

CHECKED_IN = (Status.ARRIVED, Status.IN_PROGRESS)


@dataclass(frozen=True)
class Count:
    counted: int
    reason: str = ""


@dataclass(frozen=True)
class CloseOutInput:
    cash_counts: Mapping[str, int]
    closing_float: int
    cash_reason: str = ""
    # Counted per non-cash payment type, e.g. the card terminal's end-of-day total.
    others: Mapping[str, Count] = field(default_factory=dict)
    # Ids of payments owed that stay owed; each becomes a task for tomorrow.
    carried_over: Collection[int] = ()


def checked_in(drawer: Drawer) -> QuerySet[Appointment]:
    start, end = local_day_bounds(drawer.date, drawer.business.tz)
    return Appointment.objects.filter(
        business=drawer.business,
        starts_at__gte=start,
        starts_at__lt=end,
        status__in=CHECKED_IN,
    ).select_related("client")


def open_tickets(drawer: Drawer) -> QuerySet[Ticket]:
    """Tickets not yet paid, including ones left open on earlier days: all need settling."""
    _start, end = local_day_bounds(drawer.date, drawer.business.tz)
    return Ticket.objects.filter(
        business=drawer.business, status=TicketStatus.OPEN, opened_at__lt=end
    )


def _method_name(method: str) -> str:
    return str(PaymentMethod(method).label)


def close_day(drawer: Drawer, user: User, data: CloseOutInput) -> CloseOut:
    business = drawer.business
    currency = business.currency

    def money(minor: int) -> str:
        return format_money(minor, currency)

    try:
        counted_cash = total_of(data.cash_counts, currency)
    except ValueError as problem:
        raise DrawerError(str(problem)) from problem
    if data.closing_float < 0:
        raise DrawerError("The float left in the drawer cannot be negative.")
    if data.closing_float > counted_cash:
        raise DrawerError(
            f"The float left for tomorrow ({money(data.closing_float)}) cannot be more than "
            f"the {money(counted_cash)} counted."
        )
    now = timezone.now()
    try:
        with transaction.atomic():
            locked = Drawer.objects.select_for_update().get(pk=drawer.pk)
            if ClosedDay.objects.filter(business=business, date=locked.date).exists():
                raise DrawerError(f"{locked.date:%A %-d %B %Y} has already been closed out.")
            # Lock the payments owed before adding up the day: a payment link paid (or a
            # telephone payment taken) meanwhile waits for the close, or is in the totals
            # and off the owed list, never half of each.
            list(owed_payments(business).select_for_update(of=("self",)))
            lines: list[CloseOutLine] = []
            for method, expected in expected_amounts(locked).items():
                if method == PaymentMethod.CASH:
                    count = Count(counted_cash, data.cash_reason)
                elif method in data.others:
                    count = data.others[method]
                else:
                    raise DrawerError(f"Enter the {_method_name(method)} total counted.")
                if count.counted < 0:
                    raise DrawerError(f"The {_method_name(method)} counted cannot be negative.")
                reason = count.reason.strip()[:200]
                if count.counted != expected and not reason:
                    raise DrawerError(
                        f"{_method_name(method)} is {money(abs(count.counted - expected))} "
                        f"{'over' if count.counted > expected else 'short'}: say why."
                    )
                lines.append(
                    CloseOutLine(
                        business=business,
                        method=method,
                        expected=expected,
                        counted=count.counted,
                        reason=reason if count.counted != expected else "",
                    )
                )
            owed = list(owed_payments(business))
            not_settled = [p for p in owed if p.pk not in set(data.carried_over)]
            if not_settled:
                names = ", ".join(str(p.ticket.client) for p in not_settled[:3])
                raise DrawerError(
                    f"{len(not_settled)} payment(s) still owed ({names}): collect each one "
                    "or carry it over to tomorrow."
                )
            ClosedDay.objects.create(
                business=business, date=locked.date, closed_at=now, closed_by=user
            )
            close_out = CloseOut.objects.create(
                business=business,
                drawer=locked,
                date=locked.date,
                cash_counts={k: v for k, v in data.cash_counts.items() if v},
                closing_float=data.closing_float,
                closed_at=now,
                closed_by=user,
            )
            for line in lines:
                line.close_out = close_out
                line.save()
            _tasks_for_tomorrow(close_out, lines, owed, user, money)
            return close_out
    except IntegrityError as clash:
        raise DrawerError("This day has already been closed out.") from clash


def _tasks_for_tomorrow(
    close_out: CloseOut,
    lines: list[CloseOutLine],
    owed: list[Payment],
    user: User,
    money: Callable[[int], str],
) -> None:
    due: date = close_out.date + timedelta(days=1)
    now = close_out.closed_at
    for line in lines:
        if line.difference == 0:
            continue
        state = "over" if line.difference > 0 else "short"
        Task.objects.create(
            business=close_out.business,
            title=(
                f"{line.get_method_display()} was {money(abs(line.difference))} {state} "
                f"on {close_out.date:%-d %b}: {line.reason}"
            )[:200],
            due=due,
            created_at=now,
            created_by=user,
        )
    for payment in owed:
        client = payment.ticket.client
        Task.objects.create(
            business=close_out.business,
            title=(
                f"Chase {money(payment.amount)} owed by {client} (ticket {payment.ticket.number})"
            )[:200],
            due=due,
            ticket=payment.ticket,
            client=client,
            payment_owed=payment,
            created_at=now,
            created_by=user,
        )
