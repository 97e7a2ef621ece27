"""Who may see and do what. Every view goes through these helpers.

Every query is scoped to the signed-in user's business: a record of another business
is a 404, exactly as if it did not exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse

from salonkeep.accounts.models import Business, Role, User

M = TypeVar("M", bound=models.Model)
View = Callable[..., HttpResponse]

ALL_ROLES = tuple(Role.values)
MANAGERS = (Role.OWNER, Role.MANAGER)
BOOKERS = (Role.OWNER, Role.MANAGER, Role.FRONT_DESK)


class BusinessRequest(HttpRequest):
    """An HttpRequest from a signed-in staff member (for type checking)."""

    user: User
    business: Business


def staff_required(*roles: str) -> Callable[[View], View]:
    """The view needs a signed-in staff member of a business with one of these roles
    (any role when none are named). Others get the login page or a 403."""
    allowed = roles or ALL_ROLES

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            assert isinstance(user, User)
            if user.business_id is None or not user.is_active:
                raise PermissionDenied("This login does not belong to a salon.")
            if user.role not in allowed:
                raise PermissionDenied("Your role does not allow this.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def for_business(model: type[M], business: Business) -> models.QuerySet[M]:
    return model._default_manager.filter(business=business)


def get_for_business(model: type[M], business: Business, **lookup: Any) -> M:
    """The record of this business matching ``lookup``, or 404 (also for unknown or
    malformed ids, and for another business's records)."""
    try:
        return for_business(model, business).get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError):  # type: ignore[attr-defined]
        raise Http404(f"No such {model._meta.verbose_name}.") from None
