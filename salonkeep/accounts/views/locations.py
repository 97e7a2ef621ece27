"""The business's locations, each with its weekly opening hours."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.db.models import Max
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
from salonkeep.accounts.business_forms import (
    LocationForm,
    WeekdayHoursForm,
    save_opening_hours,
    weekly_hours_forms,
)
from salonkeep.accounts.models import WEEKDAYS, Location


@staff_required(*MANAGERS)
@require_http_methods(["GET"])
def location_list(request: BusinessRequest) -> HttpResponse:
    locations = for_business(Location, request.business).prefetch_related("opening_hours")
    rows = [
        (location, [(name, location.hours_on(weekday)) for weekday, name in WEEKDAYS])
        for location in locations
    ]
    return render(request, "accounts/settings/locations.html", {"rows": rows})


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def location_new(request: BusinessRequest) -> HttpResponse:
    location = Location(business=request.business)
    return _location_form_page(request, location)


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def location_edit(request: BusinessRequest, pk: int) -> HttpResponse:
    location = get_for_business(Location, request.business, pk=pk)
    return _location_form_page(request, location)


def _location_form_page(request: BusinessRequest, location: Location) -> HttpResponse:
    adding = location.pk is None
    heading = "New location" if adding else location.name
    data = request.POST if request.method == "POST" else None
    form = LocationForm(data, instance=location)
    days = weekly_hours_forms(location, data)
    if data is not None and _all_valid(form, days):
        with transaction.atomic():
            if adding:
                highest = for_business(Location, request.business).aggregate(Max("position"))
                location.position = (highest["position__max"] or 0) + 1
            saved = form.save()
            save_opening_hours(saved, days)
        messages.success(request, f"{'Added' if adding else 'Saved'} {saved.name}.")
        return redirect("accounts:locations")
    return render(
        request,
        "accounts/settings/location_form.html",
        {"form": form, "days": days, "location": location, "heading": heading},
    )


def _all_valid(form: LocationForm, days: list[WeekdayHoursForm]) -> bool:
    # Validate everything (not short-circuit) so every mistake is shown at once.
    results = [form.is_valid()] + [day.is_valid() for day in days]
    return all(results)
