"""The day book: the page a salon runs its day on."""

from __future__ import annotations

from datetime import timedelta
from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from salonkeep.accounts.access import BusinessRequest, staff_required
from salonkeep.book.books import build_day_book, present
from salonkeep.book.grid import is_plausible_day
from salonkeep.book.views.navigation import (
    business_locations,
    chosen_location,
    requested_day,
    today_in,
)
from salonkeep.book.views.rendering import render_book


@staff_required()
@require_GET
def day_view(request: HttpRequest) -> HttpResponse:
    req = cast(BusinessRequest, request)
    business = req.business
    day, problem = requested_day(business, request.GET.get("date"))
    if problem:
        messages.warning(request, problem)
    locations = business_locations(business)
    location = chosen_location(locations, request.GET.get("location"))
    today = today_in(business)
    book = present(
        build_day_book(business, location, day, today=today),
        business,
        can_move=req.user.can_book,
    )
    previous_day, next_day = day - timedelta(days=1), day + timedelta(days=1)
    context = {
        "mode": "day",
        "book": book,
        "day": day,
        "today": today,
        "previous_day": previous_day if is_plausible_day(previous_day) else None,
        "next_day": next_day if is_plausible_day(next_day) else None,
        "location": location,
        "locations": locations,
        "can_book": req.user.can_book,
    }
    return render_book(request, "book/day.html", context)
