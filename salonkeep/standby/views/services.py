"""Service prices, read-only, with each team member's own price where it differs."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from salonkeep.accounts.access import BusinessRequest, for_business, staff_required
from salonkeep.catalog.models import Service


@staff_required()
def service_list(request: HttpRequest) -> HttpResponse:
    business = cast(BusinessRequest, request).business
    services = (
        for_business(Service, business)
        .filter(is_active=True)
        .select_related("category")
        .prefetch_related("performer_terms__team_member")
        .order_by("category__position", "category__name", "position", "name")
    )
    return render(request, "standby/services.html", {"services": services})
