"""Adding and removing a team member's time off (holiday, sickness, training)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from salonkeep.accounts.access import MANAGERS, BusinessRequest, get_for_business, staff_required
from salonkeep.team.forms import TimeOffForm
from salonkeep.team.models import TeamMember, TimeOff
from salonkeep.team.views.member import render_member_page


@require_POST
@staff_required(*MANAGERS)
def time_off_add(request: BusinessRequest, pk: int) -> HttpResponse:
    member = get_for_business(TeamMember, request.business, pk=pk)
    form = TimeOffForm(request.POST, member=member)
    if not form.is_valid():
        return render_member_page(request, member, time_off_form=form)
    form.save()
    messages.success(request, f"Added time off for {member.name}.")
    return redirect("team:member", pk=member.pk)


@require_POST
@staff_required(*MANAGERS)
def time_off_delete(request: BusinessRequest, pk: int, off_pk: int) -> HttpResponse:
    member = get_for_business(TeamMember, request.business, pk=pk)
    record = get_for_business(TimeOff, request.business, pk=off_pk, team_member=member)
    record.delete()
    messages.success(request, f"Removed time off for {member.name}.")
    return redirect("team:member", pk=member.pk)
