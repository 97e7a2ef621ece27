"""Error pages in the standby's own layout (the live ones link to live-only pages)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "standby/error.html", {"title": "Not found"}, status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "standby/error.html", {"title": "Not allowed"}, status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    # No template context processors: whatever failed must not fail again here.
    return HttpResponse(
        "<!doctype html><title>Error</title><h1>Something went wrong</h1>"
        "<p>The backup book could not show this page. Try again, or go back to the "
        '<a href="/">book</a>.</p>',
        status=500,
    )
