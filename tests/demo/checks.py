"""Assertions both demo sizes must satisfy: nobody double-booked, everything inside
opening hours in the salon's own time zone."""

from __future__ import annotations

from collections import defaultdict
from itertools import pairwise

from salonkeep.accounts.models import Business, OpeningHours
from salonkeep.book.models import Appointment, AppointmentService, Status, busy_periods


def overlapping_busy_periods(business: Business) -> list[tuple[int, object, object]]:
    """Pairs of busy periods of one team member that overlap, among appointments that
    are not cancelled. Processing time is not busy, so booking into it is no overlap."""
    busy = defaultdict(list)
    lines = (
        AppointmentService.objects.filter(business=business)
        .exclude(appointment__status=Status.CANCELLED)
        .values_list(
            "team_member_id",
            "starts_at",
            "initial_minutes",
            "processing_minutes",
            "finish_minutes",
            "blocked_minutes",
        )
    )
    for member_id, start, initial, processing, finish, blocked in lines:
        busy[member_id].extend(busy_periods(start, initial, processing, finish, blocked))
    clashes = []
    for member_id, periods in busy.items():
        periods.sort()
        for (_, end), (next_start, next_end) in pairwise(periods):
            if next_start < end:
                clashes.append((member_id, next_start, next_end))
    return clashes


def outside_opening_hours(business: Business) -> list[str]:
    """Appointments and lines (including clean-up) that are not wholly inside their
    location's opening hours on their local day."""
    tz = business.tz
    hours = {
        (row.location_id, row.weekday): (row.opens, row.closes)
        for row in OpeningHours.objects.filter(business=business)
    }
    problems = []
    spans = [
        (a.location_id, a.starts_at, a.ends_at, f"appointment {a.pk}")
        for a in Appointment.objects.filter(business=business)
    ] + [
        (line.appointment.location_id, line.starts_at, line.ends_at, f"line {line.pk}")
        for line in AppointmentService.objects.filter(business=business).select_related(
            "appointment"
        )
    ]
    for location_id, starts_at, ends_at, what in spans:
        start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
        opening = hours.get((location_id, start.weekday()))
        if (
            opening is None
            or start.date() != end.date()
            or start.time() < opening[0]
            or end.time() > opening[1]
        ):
            problems.append(f"{what}: {start:%a %Y-%m-%d %H:%M}–{end:%H:%M}")
    return problems
