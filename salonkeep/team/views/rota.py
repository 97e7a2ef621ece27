"""The rota: who works on a date at a location, in the business's time zone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from salonkeep.accounts.access import (
    BusinessRequest,
    for_business,
    get_for_business,
    staff_required,
)
from salonkeep.accounts.models import Location
from salonkeep.lib.dates import local_day_bounds, minutes_between
from salonkeep.team.forms import rota_day
from salonkeep.team.models import ScheduleChange, TeamMember, TimeOff
from salonkeep.team.schedule import working_periods


@dataclass(frozen=True)
class RotaRow:
    member: TeamMember
    periods: list[tuple[datetime, datetime]]  # local wall-clock instants
    why_not: str = ""

    @property
    def minutes(self) -> int:
        return sum(minutes_between(start, end) for start, end in self.periods)


@require_GET
@staff_required()
def rota(request: BusinessRequest) -> HttpResponse:
    business = request.business
    tz = business.tz
    today = timezone.now().astimezone(tz).date()
    day = rota_day(request.GET.get("date"), today)
    if day is None:
        messages.error(request, "That is not a date such as 2026-03-29; showing today instead.")
        day = today
    locations = list(for_business(Location, business))
    location_id = request.GET.get("location")
    if location_id:
        location = get_for_business(Location, business, pk=location_id)
    elif locations:
        location = locations[0]
    else:
        return render(request, "team/rota.html", {"day": day, "locations": [], "today": today})

    members = list(for_business(TeamMember, business).filter(is_active=True))
    periods = working_periods(business, location, day, members)
    day_start, day_end = local_day_bounds(day, tz)
    away = {
        off.team_member_id: off
        for off in TimeOff.objects.filter(
            business=business, starts_at__lt=day_end, ends_at__gt=day_start
        )
    }
    day_off = {
        change.team_member_id: change
        for change in ScheduleChange.objects.filter(
            business=business, date=day, starts__isnull=True
        )
    }
    working, off = [], []
    for member in members:
        local_periods = [(s.astimezone(tz), e.astimezone(tz)) for s, e in periods[member.pk]]
        if local_periods:
            working.append(RotaRow(member, local_periods))
        elif member.pk in away:
            reason = away[member.pk].reason if request.user.can_manage else ""
            off.append(RotaRow(member, [], f"Time off{': ' + reason if reason else ''}"))
        elif member.pk in day_off:
            note = day_off[member.pk].note if request.user.can_manage else ""
            off.append(RotaRow(member, [], f"Day off{': ' + note if note else ''}"))
        else:
            off.append(RotaRow(member, [], "Not scheduled here"))
    return render(
        request,
        "team/rota.html",
        {
            "day": day,
            "today": today,
            "previous_day": day - timedelta(days=1),
            "next_day": day + timedelta(days=1),
            "location": location,
            "locations": locations,
            "working": working,
            "off": off,
            "day_hours": minutes_between(day_start, day_end) / 60,
        },
    )
