"""The public status pages: no login, public notices only."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from salonkeep.accounts.models import Business
from salonkeep.notices.public import status_context


@require_GET
def installation_status(request: HttpRequest) -> HttpResponse:
    context = status_context(None, timezone.now())
    return render(request, "notices/status.html", {**context, "live": True})


@require_GET
def business_status(request: HttpRequest, slug: str) -> HttpResponse:
    business = get_object_or_404(Business, slug=slug)
    context = status_context(business, timezone.now())
    return render(request, "notices/status.html", {**context, "live": True})
