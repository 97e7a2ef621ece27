"""The notices banner on every page of the live system: notices in force or still to
come, and incidents resolved in the last day (so people see "all services restored"
with its window). A login can close one; it comes back when the notice changes."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Q
from django.http import HttpRequest
from django.utils import timezone

from salonkeep.accounts.models import Business, User
from salonkeep.notices.models import Kind, Notice, NoticeDismissal
from salonkeep.notices.state import visible_to

RESOLVED_SHOWN_FOR = timedelta(hours=24)
BANNER_LIMIT = 5


def banner_notices(business: Business, user: User, now: datetime) -> list[Notice]:
    live = visible_to(business).filter(withdrawn_at__isnull=True)
    incidents = Q(kind=Kind.INCIDENT) & (
        Q(resolved_at__isnull=True) | Q(resolved_at__gt=now - RESOLVED_SHOWN_FOR)
    )
    others = ~Q(kind=Kind.INCIDENT) & (Q(ends_at__isnull=True) | Q(ends_at__gt=now))
    found = list(live.filter(incidents | others).prefetch_related("updates")[:50])
    closed = dict(
        NoticeDismissal.objects.filter(user=user, notice__in=found).values_list(
            "notice_id", "revision"
        )
    )
    shown = [n for n in found if closed.get(n.pk, 0) < n.revision]
    return shown[:BANNER_LIMIT]


def notice_banners(request: HttpRequest) -> dict[str, object]:
    """Context processor: ``notice_banners`` for any signed-in staff member."""
    user = getattr(request, "user", None)
    business = getattr(request, "business", None)
    if not isinstance(user, User) or not isinstance(business, Business):
        return {}
    return {"notice_banners": banner_notices(business, user, timezone.now())}
