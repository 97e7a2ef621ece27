from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from salonkeep.accounts.models import User
from salonkeep.activity.recorder import acting_as


class ActorMiddleware:
    """Changes made while handling a request are logged as made by the signed-in user."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if isinstance(user, User) and user.is_authenticated:
            with acting_as(user):
                return self.get_response(request)
        return self.get_response(request)
