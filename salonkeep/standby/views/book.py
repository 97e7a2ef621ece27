"""The day book, read-only: every team member's appointments for any day in the snapshot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from salonkeep.accounts.access import BusinessRequest, for_business, staff_required
from salonkeep.book.books import day_lines
from salonkeep.book.grid import is_plausible_day
from salonkeep.book.models import Appointment, AppointmentService, Status
from salonkeep.book.views.navigation import (
    business_locations,
    chosen_location,
    requested_day,
    today_in,
)
from salonkeep.team.models import TeamMember


@dataclass
class Visit:
    """One appointment as a team member's column shows it."""

    appointment: Appointment
    lines: list[AppointmentService] = field(default_factory=list)

    @property
    def price(self) -> int:
        return sum(line.price for line in self.lines)


@dataclass
class MemberDay:
    member: TeamMember
    visits: list[Visit] = field(default_factory=list)


def group_by_member(
    members: list[TeamMember], lines: list[AppointmentService]
) -> tuple[list[MemberDay], list[Appointment]]:
    """Columns per team member (in the book's order), and the day's cancellations."""
    columns = {member.pk: MemberDay(member) for member in members}
    cancelled: dict[int, Appointment] = {}
    for line in lines:
        if line.appointment.status == Status.CANCELLED:
            cancelled.setdefault(line.appointment_id, line.appointment)
            continue
        column = columns.get(line.team_member_id)
        if column is None:  # someone no longer active who still has appointments
            column = columns[line.team_member_id] = MemberDay(line.team_member)
        if column.visits and column.visits[-1].appointment.pk == line.appointment_id:
            column.visits[-1].lines.append(line)
        else:
            column.visits.append(Visit(line.appointment, [line]))
    return list(columns.values()), sorted(cancelled.values(), key=lambda a: a.starts_at)


@staff_required()
def day_view(request: HttpRequest) -> HttpResponse:
    business = cast(BusinessRequest, request).business
    day, problem = requested_day(business, request.GET.get("date"))
    locations = business_locations(business)
    location = chosen_location(locations, request.GET.get("location"))
    members = list(for_business(TeamMember, business).filter(is_active=True))
    columns, cancelled = group_by_member(members, day_lines(business, location, day))
    previous_day, next_day = day - timedelta(days=1), day + timedelta(days=1)
    context = {
        "day": day,
        "today": today_in(business),
        "problem": problem,
        "location": location,
        "locations": locations,
        "columns": columns,
        "cancelled": cancelled,
        "previous_day": previous_day if is_plausible_day(previous_day) else None,
        "next_day": next_day if is_plausible_day(next_day) else None,
    }
    return render(request, "standby/day.html", context)
