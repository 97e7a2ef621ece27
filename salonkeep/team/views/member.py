"""One team member's page: weekly hours, one-off changes, time off, services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from salonkeep.accounts.access import BusinessRequest, get_for_business, staff_required
from salonkeep.accounts.models import WEEKDAYS
from salonkeep.catalog.models import ServicePerformer
from salonkeep.team.forms import ScheduleChangeForm, TimeOffForm
from salonkeep.team.models import ScheduleChange, TeamMember, TimeOff, WorkingHours

PAST_TIME_OFF_SHOWN = 5


@dataclass(frozen=True)
class LocalTimeOff:
    """A time-off record with its instants converted to the business's time zone."""

    record: TimeOff
    starts: datetime
    ends: datetime


def member_for_viewer(request: BusinessRequest, pk: int) -> TeamMember:
    """Managers see everyone's schedule; other staff see only their own (time off
    reasons such as sickness are not for the whole team)."""
    member = get_for_business(TeamMember, request.business, pk=pk)
    if not request.user.can_manage and member.user_id != request.user.pk:
        raise PermissionDenied("Only owners and managers can see other team members' schedules.")
    return member


def render_member_page(
    request: BusinessRequest,
    member: TeamMember,
    time_off_form: TimeOffForm | None = None,
    change_form: ScheduleChangeForm | None = None,
) -> HttpResponse:
    business = request.business
    tz = business.tz
    now = timezone.now()
    today = now.astimezone(tz).date()
    hours = list(
        WorkingHours.objects.filter(business=business, team_member=member).select_related(
            "location"
        )
    )
    week = [(name, [h for h in hours if h.weekday == number]) for number, name in WEEKDAYS]

    def local(record: TimeOff) -> LocalTimeOff:
        return LocalTimeOff(record, record.starts_at.astimezone(tz), record.ends_at.astimezone(tz))

    off = TimeOff.objects.filter(business=business, team_member=member)
    coming_off = [local(record) for record in off.filter(ends_at__gt=now)]
    past_off = [
        local(record)
        for record in off.filter(ends_at__lte=now).order_by("-starts_at")[:PAST_TIME_OFF_SHOWN]
    ]
    changes = ScheduleChange.objects.filter(
        business=business, team_member=member, date__gte=today
    ).select_related("location")
    can_manage = request.user.can_manage
    if can_manage:
        time_off_form = time_off_form or TimeOffForm(member=member)
        change_form = change_form or ScheduleChangeForm(member=member)
    services = (
        ServicePerformer.objects.filter(business=business, team_member=member)
        .select_related("service")
        .order_by("service__name")
    )
    return render(
        request,
        "team/member.html",
        {
            "member": member,
            "week": week,
            "coming_off": coming_off,
            "past_off": past_off,
            "changes": changes,
            "services": services,
            "time_off_form": time_off_form,
            "change_form": change_form,
            "can_manage": can_manage,
            "multiple_locations": len({h.location_id for h in hours}) > 1,
        },
    )


@require_GET
@staff_required()
def member_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    return render_member_page(request, member_for_viewer(request, pk))
