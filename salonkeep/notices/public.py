"""What the public status page and the feeds show: public notices only, of the
installation and (for a salon's page) of that salon."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from salonkeep.accounts.models import Business
from salonkeep.notices.models import Notice
from salonkeep.notices.presenting import present
from salonkeep.notices.state import current_and_upcoming, service_states, visible_to

HISTORY_SHOWN = 30


def public_notices(business: Business | None) -> QuerySet[Notice]:
    return visible_to(business).filter(public=True).prefetch_related("updates")


def status_context(business: Business | None, now: datetime) -> dict[str, Any]:
    """Everything the status page shows, ready to render (also for the copy written
    next to the backups, so it must not need a request)."""
    notices = list(public_notices(business)[:200])
    live = [n for n in notices if n.withdrawn_at is None]
    tz = business.tz if business is not None else None
    current = {n.pk for n in current_and_upcoming(live, now)}
    return {
        "business": business,
        "overview": service_states(live, now),
        "current": [present(n, tz, now) for n in live if n.pk in current],
        "history": [present(n, tz, now) for n in notices if n.pk not in current][:HISTORY_SHOWN],
        "generated_at": now,
        "zone": tz.key if tz is not None else "",
    }
