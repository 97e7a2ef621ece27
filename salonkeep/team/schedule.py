"""Who is working when: weekly hours, one-off changes for a date, and time off."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from salonkeep.accounts.models import Business, Location
from salonkeep.lib.dates import local_day_bounds, local_instant
from salonkeep.team.models import ScheduleChange, TeamMember, TimeOff, WorkingHours

Period = tuple[datetime, datetime]


def _subtract(periods: list[Period], holes: Iterable[Period]) -> list[Period]:
    result = periods
    for hole_start, hole_end in holes:
        next_result: list[Period] = []
        for start, end in result:
            if hole_end <= start or hole_start >= end:
                next_result.append((start, end))
                continue
            if start < hole_start:
                next_result.append((start, hole_start))
            if hole_end < end:
                next_result.append((hole_end, end))
        result = next_result
    return result


def working_periods(
    business: Business, location: Location, day: date, members: Iterable[TeamMember]
) -> dict[int, list[Period]]:
    """For each team member id: the UTC periods they work at this location on this local
    day. One-off changes for the date replace the weekly hours; time off is cut out.
    Four queries whatever the number of team members."""
    tz = business.tz
    member_ids = [member.pk for member in members]
    day_start, day_end = local_day_bounds(day, tz)

    changes: dict[int, list[ScheduleChange]] = defaultdict(list)
    for change in ScheduleChange.objects.filter(
        business=business, team_member_id__in=member_ids, date=day
    ):
        changes[change.team_member_id].append(change)
    weekly: dict[int, list[WorkingHours]] = defaultdict(list)
    for hours in WorkingHours.objects.filter(
        business=business,
        team_member_id__in=member_ids,
        location=location,
        weekday=day.weekday(),
    ):
        weekly[hours.team_member_id].append(hours)
    off: dict[int, list[Period]] = defaultdict(list)
    for time_off in TimeOff.objects.filter(
        business=business,
        team_member_id__in=member_ids,
        starts_at__lt=day_end,
        ends_at__gt=day_start,
    ):
        off[time_off.team_member_id].append((time_off.starts_at, time_off.ends_at))

    result: dict[int, list[Period]] = {}
    for member_id in member_ids:
        periods: list[Period] = []
        if member_id in changes:
            for change in changes[member_id]:
                if change.location_id == location.pk and change.starts and change.ends:
                    periods.append(
                        (local_instant(day, change.starts, tz), local_instant(day, change.ends, tz))
                    )
        else:
            for hours in weekly[member_id]:
                periods.append(
                    (local_instant(day, hours.starts, tz), local_instant(day, hours.ends, tz))
                )
        periods.sort()
        result[member_id] = _subtract(periods, off[member_id])
    return result


def working_members(business: Business, location: Location, day: date) -> list[TeamMember]:
    """Active team members who work at this location on this day, in book order."""
    members = list(TeamMember.objects.filter(business=business, is_active=True))
    periods = working_periods(business, location, day, members)
    return [member for member in members if periods[member.pk]]


def is_working(periods: list[Period], start: datetime, end: datetime) -> bool:
    """Whether [start, end) lies wholly inside the working periods."""
    return any(p_start <= start and end <= p_end for p_start, p_end in periods)
