"""The end-of-day report as a page and as a PDF (made by the printouts helper)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from salonkeep.accounts.access import MANAGERS, BusinessRequest, staff_required
from salonkeep.drawer.report import day_report
from salonkeep.printouts.rendering import (
    pdf_download,
    pdf_file_name,
    printout_html,
)
from salonkeep.printouts.views.common import BadPrintoutRequest, bad_request, requested_day


def _context(request: BusinessRequest) -> dict[str, Any]:
    day = requested_day(request.business, request.GET.get("date"))
    return {"day": day, "report": day_report(request.business, day), "business": request.business}


@require_GET
@staff_required(*MANAGERS)
def report_page(request: BusinessRequest) -> HttpResponse:
    try:
        context = _context(request)
    except BadPrintoutRequest as problem:
        return bad_request(request, str(problem))
    return render(request, "drawer/report.html", context)


@require_GET
@staff_required(*MANAGERS)
def report_pdf(request: BusinessRequest) -> HttpResponse:
    try:
        context = _context(request)
    except BadPrintoutRequest as problem:
        return bad_request(request, str(problem))
    html = printout_html("drawer/_report_body.html", context, request)
    name = pdf_file_name(request.business.slug, "end-of-day", context["day"].isoformat())
    return pdf_download(html, name)
