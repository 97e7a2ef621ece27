"""The team list, and adding or changing a team member."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from salonkeep.accounts.access import (
    MANAGERS,
    BusinessRequest,
    for_business,
    get_for_business,
    staff_required,
)
from salonkeep.catalog.forms import MAX_POSITION
from salonkeep.team.forms import TeamMemberForm
from salonkeep.team.models import TeamMember

LOGIN_TAKEN = "That login was just linked to another team member; choose another."


@require_GET
@staff_required()
def member_list(request: BusinessRequest) -> HttpResponse:
    members = list(for_business(TeamMember, request.business).select_related("user"))
    return render(
        request,
        "team/members.html",
        {
            "active": [member for member in members if member.is_active],
            "inactive": [member for member in members if not member.is_active],
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def member_create(request: BusinessRequest) -> HttpResponse:
    last = for_business(TeamMember, request.business).order_by("-position").first()
    initial = {"position": min(last.position + 1, MAX_POSITION) if last else 0}
    form = TeamMemberForm(request.POST or None, business=request.business, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                member = form.save()
        except IntegrityError:
            form.add_error("user", LOGIN_TAKEN)
        else:
            messages.success(request, f"Added {member.name}. Now set their working hours.")
            return redirect("team:hours", pk=member.pk)
    return render(request, "team/member_form.html", {"form": form, "member": None})


@require_http_methods(["GET", "POST"])
@staff_required(*MANAGERS)
def member_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    member = get_for_business(TeamMember, request.business, pk=pk)
    form = TeamMemberForm(request.POST or None, instance=member, business=request.business)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                member = form.save()
        except IntegrityError:
            form.add_error("user", LOGIN_TAKEN)
        else:
            messages.success(request, f"Saved {member.name}.")
            return redirect("team:member", pk=member.pk)
    return render(request, "team/member_form.html", {"form": form, "member": member})
