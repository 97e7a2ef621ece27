"""One team member's week."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from salonkeep.accounts.access import BusinessRequest, staff_required
from salonkeep.book.books import build_week_book, present
from salonkeep.book.grid import is_plausible_day
from salonkeep.book.views.navigation import (
    business_locations,
    chosen_location,
    chosen_member,
    requested_day,
    today_in,
)
from salonkeep.book.views.rendering import render_book
from salonkeep.team.models import TeamMember


@staff_required()
@require_GET
def week_view(request: HttpRequest) -> HttpResponse:
    req = cast(BusinessRequest, request)
    business = req.business
    day, problem = requested_day(business, request.GET.get("date"))
    if problem:
        messages.warning(request, problem)
    locations = business_locations(business)
    location = chosen_location(locations, request.GET.get("location"))
    team = list(TeamMember.objects.filter(business=business, is_active=True))
    if request.GET.get("member"):
        member = chosen_member(business, request.GET["member"])
    else:
        # A stylist opening the week sees their own; others start with the first column.
        own = [m for m in team if m.user_id == req.user.pk]
        member = own[0] if own else (team[0] if team else chosen_member(business, ""))
    if member not in team:
        team.append(member)
    today = today_in(business)
    book = present(
        build_week_book(business, location, member, day, today=today),
        business,
        can_move=req.user.can_book,
    )
    previous_week, next_week = day - timedelta(days=7), day + timedelta(days=7)
    context = {
        "mode": "week",
        "book": book,
        "day": day,
        "today": today,
        "member": member,
        "team": team,
        "previous_week": previous_week if is_plausible_day(previous_week) else None,
        "next_week": next_week if is_plausible_day(next_week) else None,
        "location": location,
        "locations": locations,
        "can_book": req.user.can_book,
    }
    return render_book(request, "book/week.html", context)
