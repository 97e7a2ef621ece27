from typing import Any

from django.http import HttpRequest

from salonkeep.accounts.models import Role


def business(request: HttpRequest) -> dict[str, Any]:
    return {"business": getattr(request, "business", None), "Role": Role}
