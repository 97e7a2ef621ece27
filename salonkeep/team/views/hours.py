"""The weekly working hours editor: one row per shift; two rows on a day make a split
shift."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from salonkeep.accounts.access import (
    MANAGERS,
    BusinessRequest,
    for_business,
    get_for_business,
    staff_required,
)
from salonkeep.accounts.models import Location
from salonkeep.team.forms import WorkingHoursFormSet
from salonkeep.team.models import TeamMember, WorkingHours

BLANK_ROWS = 3


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def hours_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    business = request.business
    member = get_for_business(TeamMember, business, pk=pk)
    locations = list(for_business(Location, business))
    formset = WorkingHoursFormSet(
        request.POST or None,
        queryset=WorkingHours.objects.filter(business=business, team_member=member),
        initial=[{"location": locations[0].pk}] * BLANK_ROWS if locations else None,
        form_kwargs={"business": business, "one_location": len(locations) == 1},
        prefix="hours",
    )
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            # One save() or delete() per row, so the activity log records each change.
            for hours in formset.save(commit=False):
                hours.business = business
                hours.team_member = member
                hours.save()
            for hours in formset.deleted_objects:
                hours.delete()
        messages.success(request, f"Saved {member.name}'s working hours.")
        return redirect("team:member", pk=member.pk)
    return render(
        request,
        "team/hours.html",
        {"member": member, "formset": formset, "one_location": len(locations) == 1},
    )
