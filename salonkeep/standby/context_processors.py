from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from salonkeep.standby.registry import Served, current


def standby(request: HttpRequest) -> dict[str, Any]:
    """``standby``: the freshness of the book shown (``.as_of_text``, ``.level``), for
    every page and printout. Before login, that of the only salon, if there is one."""
    served: Served | None = getattr(request, "standby_served", None)
    if served is None:
        registry = current()
        salons = registry.all() if registry else []
        served = salons[0] if len(salons) == 1 else None
    return {
        "standby": served.freshness(timezone.now()) if served else None,
        "standby_salon": served,
    }
