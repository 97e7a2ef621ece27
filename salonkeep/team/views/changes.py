"""One-off schedule changes: different hours, or not working, on one date."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from salonkeep.accounts.access import MANAGERS, BusinessRequest, get_for_business, staff_required
from salonkeep.team.forms import ScheduleChangeForm
from salonkeep.team.models import ScheduleChange, TeamMember
from salonkeep.team.views.member import render_member_page


@require_POST
@staff_required(*MANAGERS)
def change_add(request: BusinessRequest, pk: int) -> HttpResponse:
    member = get_for_business(TeamMember, request.business, pk=pk)
    form = ScheduleChangeForm(request.POST, member=member)
    if not form.is_valid():
        return render_member_page(request, member, change_form=form)
    change = form.save()
    messages.success(request, f"Changed {member.name}'s hours on {change.date:%a %d %b %Y}.")
    return redirect("team:member", pk=member.pk)


@require_POST
@staff_required(*MANAGERS)
def change_delete(request: BusinessRequest, pk: int, change_pk: int) -> HttpResponse:
    member = get_for_business(TeamMember, request.business, pk=pk)
    change = get_for_business(ScheduleChange, request.business, pk=change_pk, team_member=member)
    change.delete()
    messages.success(
        request,
        f"Removed the change on {change.date:%a %d %b %Y}; "
        "if none is left that day, the weekly hours apply again.",
    )
    return redirect("team:member", pk=member.pk)
