"""The appointment page: the whole day at one location, every team member."""

from __future__ import annotations

from typing import Any, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from salonkeep.accounts.access import BusinessRequest, staff_required
from salonkeep.book.views.navigation import business_locations, chosen_location
from salonkeep.printouts.rendering import (
    pdf_download,
    pdf_file_name,
    printout_html,
)
from salonkeep.printouts.sheets import build_appointment_page
from salonkeep.printouts.views.common import (
    BadPrintoutRequest,
    bad_request,
    day_links,
    requested_day,
)


def _page_context(req: BusinessRequest) -> dict[str, Any]:
    business = req.business
    day = requested_day(business, req.GET.get("date"))
    locations = business_locations(business)
    location = chosen_location(locations, req.GET.get("location"))
    member = getattr(req.user, "team_member", None)
    return {
        **day_links(business, day),
        "page": build_appointment_page(business, location, day),
        "location": location,
        "locations": locations,
        "own_member": member,
        "can_see_all_sheets": req.user.can_book,
    }


@staff_required()
@require_GET
def appointment_page(request: HttpRequest) -> HttpResponse:
    req = cast(BusinessRequest, request)
    try:
        context = _page_context(req)
    except BadPrintoutRequest as problem:
        return bad_request(request, str(problem))
    return render(request, "printouts/appointments.html", context)


@staff_required()
@require_GET
def appointment_page_pdf(request: HttpRequest) -> HttpResponse:
    req = cast(BusinessRequest, request)
    try:
        context = _page_context(req)
    except BadPrintoutRequest as problem:
        return bad_request(request, str(problem))
    html = printout_html("printouts/_appointment_page.html", context, request)
    locations = context["locations"]
    place = context["location"].name if len(locations) > 1 else ""
    name = pdf_file_name(req.business.slug, place, "appointments", context["day"].isoformat())
    return pdf_download(html, name)
