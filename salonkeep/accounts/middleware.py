from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from salonkeep.accounts.models import Business, User

# Paths a fresh installation may serve before any salon exists.
SETUP_EXEMPT_PREFIXES = ("/setup/", "/static/", "/healthz")


class BusinessMiddleware:
    """Attach the signed-in user's business to the request, and send the first visitor
    of a fresh installation (no business yet) to the setup page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        business = None
        if isinstance(user, User) and user.is_authenticated and user.business_id:
            business = user.business
        request.business = business  # type: ignore[attr-defined]
        if (
            business is None
            and not request.path.startswith(SETUP_EXEMPT_PREFIXES)
            and not Business.objects.exists()
        ):
            return redirect("setup")
        return self.get_response(request)
