"""What makes the standby read-only and points each request at its salon's snapshot."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from salonkeep.accounts.models import User
from salonkeep.standby.registry import current, release, use
from salonkeep.standby.routing import current_alias

Handler = Callable[[HttpRequest], HttpResponse]
SALON_SESSION_KEY = "standby_salon"
READ_METHODS = ("GET", "HEAD")


def refusal(request: HttpRequest) -> HttpResponse:
    """The answer to anything that would change something: 403 on a page of the
    standby, 405 (only GET and HEAD exist here) on any other address."""
    try:
        resolve(request.path_info)
        status = 403
    except Resolver404:
        status = 405
    response = render(request, "standby/refused.html", status=status)
    if status == 405:
        response["Allow"] = ", ".join(READ_METHODS)
    return response


class ReadOnlyMiddleware:
    """Answers every request but GET and HEAD with the refusal page, before anything
    else runs. The two exceptions write nothing anywhere: logging in and out, which
    only set the (signed) session cookie."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in READ_METHODS:
            return self.get_response(request)
        if request.method == "POST" and request.path_info in (
            reverse("standby:login"),
            reverse("standby:logout"),
        ):
            return self.get_response(request)
        return refusal(request)


class SnapshotMiddleware:
    """Route this request's queries to the snapshot of the salon in the session.
    A session for a salon no longer served is emptied (logged out)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        registry = current()
        slug = request.session.get(SALON_SESSION_KEY)
        served = registry.get(slug) if registry else None
        if served is None and slug is not None:
            request.session.flush()
        request.standby_served = served  # type: ignore[attr-defined]
        token = current_alias.set(use(served) if served else None)
        try:
            return self.get_response(request)
        finally:
            current_alias.reset(token)
            release()


class StandbyBusinessMiddleware:
    """``request.business``, as the live system's BusinessMiddleware sets it, read from
    the snapshot; times shown in its zone."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        business = None
        if isinstance(user, User) and user.is_authenticated and user.business_id:
            business = user.business
        request.business = business  # type: ignore[attr-defined]
        if business is None:
            return self.get_response(request)
        # Every time on every page in the salon's own zone, as the live pages show them.
        with timezone.override(business.tz):
            return self.get_response(request)
