"""The settings hub and the business's own details."""

from __future__ import annotations

import zoneinfo

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from salonkeep.accounts.access import MANAGERS, BusinessRequest, for_business, staff_required
from salonkeep.accounts.business_forms import BusinessForm
from salonkeep.accounts.models import Business, Location, Role, User


@staff_required(*MANAGERS)
@require_http_methods(["GET"])
def settings_home(request: BusinessRequest) -> HttpResponse:
    business = request.business
    context = {
        "location_count": for_business(Location, business).count(),
        "active_login_count": for_business(User, business).filter(is_active=True).count(),
    }
    return render(request, "accounts/settings/home.html", context)


@staff_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def business_details(request: BusinessRequest) -> HttpResponse:
    # A separate copy: a refused form must not leave half-changed values on
    # request.business, which the page header shows.
    business = Business.objects.get(pk=request.business.pk)
    form = BusinessForm(request.POST or None, instance=business)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Business details saved.")
        return redirect("accounts:settings")
    return render(
        request,
        "accounts/settings/business.html",
        {"form": form, "time_zone_names": sorted(zoneinfo.available_timezones())},
    )
