"""The status pages the live system writes into the backup location, served as they are."""

from __future__ import annotations

import re

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from salonkeep.standby.registry import current
from salonkeep.standby.sources import FolderSource

STATUS_PAGE = ("status", "index.html")
_SLUG = re.compile(r"[A-Za-z0-9_-]+")


def _missing(request: HttpRequest, what: str) -> HttpResponse:
    return render(request, "standby/status_missing.html", {"what": what}, status=404)


def status_page(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    registry = current()
    source = registry.source if registry else None
    what = f"the status page of {slug}" if slug else "the status page"
    if not isinstance(source, FolderSource) or (slug is not None and not _SLUG.fullmatch(slug)):
        return _missing(request, what)
    folder = source.location / slug if slug else source.location
    try:
        page = folder.joinpath(*STATUS_PAGE).read_bytes()
    except OSError:
        return _missing(request, what)
    return HttpResponse(page, content_type="text/html; charset=utf-8")
