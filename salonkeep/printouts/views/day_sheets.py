"""Day sheets: all of them for a day (one page each), or one team member's."""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from salonkeep.accounts.access import BOOKERS, BusinessRequest, get_for_business, staff_required
from salonkeep.printouts.rendering import (
    pdf_download,
    pdf_file_name,
    printout_html,
)
from salonkeep.printouts.sheets import build_day_sheets, sheet_members
from salonkeep.printouts.views.common import (
    BadPrintoutRequest,
    bad_request,
    day_links,
    may_see_sheet,
    requested_day,
)
from salonkeep.team.models import TeamMember


def _all_context(req: BusinessRequest) -> dict[str, Any]:
    day = requested_day(req.business, req.GET.get("date"))
    members = sheet_members(req.business, day)
    return {
        **day_links(req.business, day),
        "sheets": build_day_sheets(req.business, day, members),
        "members": members,
        "member": None,
    }


def _member_context(req: BusinessRequest, pk: int) -> dict[str, Any]:
    member = get_for_business(TeamMember, req.business, pk=pk)
    if not may_see_sheet(req.user, member):
        raise PermissionDenied("Stylists see their own day sheet only.")
    day = requested_day(req.business, req.GET.get("date"))
    return {
        **day_links(req.business, day),
        "sheets": build_day_sheets(req.business, day, [member]),
        "members": sheet_members(req.business, day) if req.user.can_book else [],
        "member": member,
    }


def _page(request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
    return render(request, "printouts/day_sheets.html", context)


def _pdf(req: BusinessRequest, context: dict[str, Any]) -> HttpResponse:
    html = printout_html("printouts/_day_sheets.html", context, req)
    member = context["member"]
    day = context["day"].isoformat()
    if member is None:
        name = pdf_file_name(req.business.slug, "day-sheets", day)
    else:
        name = pdf_file_name(req.business.slug, "day-sheet", member.name, day)
    return pdf_download(html, name)


@staff_required(*BOOKERS)
@require_GET
def all_day_sheets(request: HttpRequest) -> HttpResponse:
    try:
        return _page(request, _all_context(cast(BusinessRequest, request)))
    except BadPrintoutRequest as problem:
        return bad_request(request, str(problem))


@staff_required(*BOOKERS)
@require_GET
def all_day_sheets_pdf(request: HttpRequest) -> HttpResponse:
    req = cast(BusinessRequest, request)
    try:
        return _pdf(req, _all_context(req))
    except BadPrintoutRequest as problem:
        return bad_request(request, str(problem))


@staff_required()
@require_GET
def member_day_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        return _page(request, _member_context(cast(BusinessRequest, request), pk))
    except BadPrintoutRequest as problem:
        return bad_request(request, str(problem))


@staff_required()
@require_GET
def member_day_sheet_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    req = cast(BusinessRequest, request)
    try:
        return _pdf(req, _member_context(req, pk))
    except BadPrintoutRequest as problem:
        return bad_request(request, str(problem))
