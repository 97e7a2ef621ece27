"""A client's visits, read from the appointment book (which owns them; nothing here writes).

A "visit" is an appointment that was not cancelled and was not a no-show; the visit
history on the card still lists those, with their status, so the front desk sees a
pattern of late cancellations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Max
from django.utils import timezone

from salonkeep.accounts.models import Business
from salonkeep.book.models import RELEASED_STATUSES, Appointment, Status
from salonkeep.clients.models import Client
from salonkeep.lib.money import format_money

# How many past appointments the card shows at first, and the most it will ever show.
HISTORY_PAGE = 50
HISTORY_MAX = 1000


@dataclass(frozen=True)
class VisitLine:
    service: str
    team_member: str


@dataclass(frozen=True)
class Visit:
    starts_at: datetime  # in the business's time zone
    status: str
    status_label: str
    lines: list[VisitLine]
    price: str
    notes: str


@dataclass(frozen=True)
class VisitHistory:
    upcoming: list[Visit]
    past: list[Visit]
    more_past: bool  # there are older appointments than those listed


def visit_history(client: Client, limit: int = HISTORY_PAGE) -> VisitHistory:
    """Upcoming appointments (soonest first) and the most recent ``limit`` past ones
    (newest first), with times in the business's time zone."""
    business = client.business
    now = timezone.now()
    appointments = Appointment.objects.filter(business=business, client=client).prefetch_related(
        "lines__team_member"
    )
    upcoming = appointments.filter(starts_at__gte=now).order_by("starts_at", "id")[:HISTORY_PAGE]
    past = list(appointments.filter(starts_at__lt=now).order_by("-starts_at", "-id")[: limit + 1])
    return VisitHistory(
        upcoming=_visits(upcoming, business),
        past=_visits(past[:limit], business),
        more_past=len(past) > limit,
    )


def _visits(appointments: Iterable[Appointment], business: Business) -> list[Visit]:
    visits = []
    for appointment in appointments:
        lines = list(appointment.lines.all())
        visits.append(
            Visit(
                starts_at=appointment.starts_at.astimezone(business.tz),
                status=appointment.status,
                status_label=Status(appointment.status).label,
                lines=[VisitLine(line.service_name, str(line.team_member)) for line in lines],
                price=format_money(sum(line.price for line in lines), business.currency),
                notes=appointment.notes,
            )
        )
    return visits


def last_visits(business: Business, client_ids: Iterable[int]) -> dict[int, datetime]:
    """When each of these clients last came in (started before now, not cancelled or a
    no-show), in the business's time zone. One query for a whole page of clients."""
    rows = (
        Appointment.objects.filter(
            business=business, client_id__in=list(client_ids), starts_at__lt=timezone.now()
        )
        .exclude(status__in=RELEASED_STATUSES)
        .values("client_id")
        .annotate(last=Max("starts_at"))
    )
    return {row["client_id"]: row["last"].astimezone(business.tz) for row in rows}
