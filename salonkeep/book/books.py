"""Fetching what the day and week views show, in a constant number of queries.

The day view's queries do not grow with the number of appointments or team members: one
for the day's service lines (with their appointments, clients and team members), one for
the team, and the schedule module's fixed few for working hours. The lines are found
through the appointment's (location, starts_at) index: an appointment lies within one
local day, so its start alone picks the day.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from salonkeep.accounts.models import Business, Location
from salonkeep.book.booking import MOVABLE_STATUSES
from salonkeep.book.grid import (
    Axis,
    Column,
    assign_lanes,
    axis_for,
    line_extent,
    make_block,
    now_offset,
    off_spans,
    week_of,
)
from salonkeep.book.models import Appointment, AppointmentService, Status
from salonkeep.lib.dates import local_day_bounds
from salonkeep.team.models import TeamMember
from salonkeep.team.schedule import working_periods


@dataclass
class Book:
    axis: Axis
    columns: list[Column]
    days: list[date]
    # Cancelled appointments are not drawn; the page lists them under the grid.
    cancelled: list[Appointment] = field(default_factory=list)
    now: int | None = None
    now_day: date | None = None


def _split_cancelled(
    lines: list[AppointmentService],
) -> tuple[list[AppointmentService], list[Appointment]]:
    shown: list[AppointmentService] = []
    cancelled: dict[int, Appointment] = {}
    for line in lines:
        if line.appointment.status == Status.CANCELLED:
            cancelled.setdefault(line.appointment_id, line.appointment)
        else:
            shown.append(line)
    return shown, sorted(cancelled.values(), key=lambda a: (a.starts_at, a.pk))


def day_lines(business: Business, location: Location, day: date) -> list[AppointmentService]:
    start, end = local_day_bounds(day, business.tz)
    return list(
        AppointmentService.objects.filter(
            business=business,
            appointment__location=location,
            appointment__starts_at__gte=start,
            appointment__starts_at__lt=end,
        )
        .select_related("appointment__client", "team_member")
        .order_by("starts_at", "position", "pk")
    )


def build_day_book(
    business: Business, location: Location, day: date, today: date | None = None
) -> Book:
    """One column per team member working at the location that day, plus anyone with an
    appointment there that day (booked before their hours changed, or no longer on the
    team), in the team's book order."""
    tz = business.tz
    shown, cancelled = _split_cancelled(day_lines(business, location, day))
    members = {
        member.pk: member
        for member in TeamMember.objects.filter(
            Q(is_active=True) | Q(pk__in={line.team_member_id for line in shown}),
            business=business,
        )
    }
    periods = working_periods(business, location, day, members.values())
    with_lines = {line.team_member_id for line in shown}
    columns_members = sorted(
        (m for m in members.values() if periods[m.pk] or m.pk in with_lines),
        key=lambda m: (m.position, m.name, m.pk),
    )
    axis = axis_for(
        [location.hours_on(day.weekday())], (line_extent(line, day, tz) for line in shown)
    )
    columns = {
        member.pk: Column(
            member=member,
            day=day,
            heading=member.name,
            subheading="" if periods[member.pk] else "Not working",
            off=off_spans(periods[member.pk], axis, day, tz),
        )
        for member in columns_members
    }
    for line in shown:
        columns[line.team_member_id].blocks.append(make_block(line, axis, day, tz))
    for column in columns.values():
        assign_lanes(column.blocks)
    book = Book(axis=axis, columns=list(columns.values()), days=[day], cancelled=cancelled)
    if day == today:
        book.now, book.now_day = now_offset(axis, day, tz), day
    return book


def build_week_book(
    business: Business,
    location: Location,
    member: TeamMember,
    day: date,
    today: date | None = None,
) -> Book:
    """Monday to Sunday for one team member. Their appointments at every location are
    shown; the shading is their working hours at ``location``."""
    tz = business.tz
    days = week_of(day)
    start, end = local_day_bounds(days[0], tz)[0], local_day_bounds(days[-1], tz)[1]
    lines = list(
        AppointmentService.objects.filter(
            business=business, team_member=member, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("appointment__client", "appointment__location", "team_member")
        .order_by("starts_at", "position", "pk")
    )
    shown, cancelled = _split_cancelled(lines)
    by_day: dict[date, list[AppointmentService]] = defaultdict(list)
    for line in shown:
        by_day[line.starts_at.astimezone(tz).date()].append(line)
    axis = axis_for(
        [location.hours_on(d.weekday()) for d in days],
        (line_extent(line, d, tz) for d in days for line in by_day[d]),
    )
    columns = []
    for d in days:
        periods = working_periods(business, location, d, [member])[member.pk]
        column = Column(
            member=member,
            day=d,
            heading=f"{d:%a} {d.day}",
            subheading="" if periods else "Not working",
            off=off_spans(periods, axis, d, tz),
        )
        column.blocks = [make_block(line, axis, d, tz) for line in by_day[d]]
        assign_lanes(column.blocks)
        columns.append(column)
    book = Book(axis=axis, columns=columns, days=days, cancelled=cancelled)
    if today in days:
        book.now, book.now_day = now_offset(axis, today, tz), today
    return book


def present(book: Book, business: Business, *, can_move: bool) -> Book:
    """Prepare each block's link, title and the data attributes the drag-and-drop script
    reads (the move URL only for someone who may move it, and only while it can move)."""
    tz = business.tz
    for column in book.columns:
        for block in column.blocks:
            line, appointment = block.line, block.appointment
            start = timezone.localtime(line.starts_at, tz)
            end = timezone.localtime(line.client_ends_at, tz)
            block.time_range = f"{start:%H:%M}–{end:%H:%M}"
            block.href = reverse("book:detail", args=[appointment.pk])
            block.title = (
                f"{block.time_range} {appointment.client.full_name} · {line.service_name} "
                f"with {line.team_member.name} · {appointment.get_status_display()}"
            )
            movable = can_move and appointment.status in MOVABLE_STATUSES
            block.attributes = format_html(
                'data-appointment="{}" data-line="{}" data-member="{}" data-line-minute="{}" '
                'data-appointment-minute="{}" data-day="{}"{}',
                appointment.pk,
                line.pk,
                line.team_member_id,
                block.line_minute,
                block.appointment_minute,
                block.appointment_day.isoformat(),
                format_html(' data-move-url="{}"', reverse("book:move", args=[appointment.pk]))
                if movable
                else "",
            )
    return book
