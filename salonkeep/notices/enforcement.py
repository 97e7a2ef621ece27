"""Maintenance really pauses what it names.

During a maintenance window (of the installation, or of the salon itself) every
service the window names refuses with a clear message and the end time, e.g.
"Online booking is paused for maintenance until 05:00." Work that was scheduled for the
window is held, not dropped: callers leave it due, and it runs at the first step after
the window ends.

For the areas that own the services:

- ``paused(business, service, now)`` returns the maintenance notice in force (or None);
- ``pause_message(notice, service, business)`` is the sentence to show;
- ``refuse_if_paused(business, service, now)`` raises ``ServicePaused`` (its str() is
  the sentence) for code that prefers an exception.

Backups use it today (continuity/scheduler.py holds scheduled backups; "Backup now"
says it is paused), and so does the notice e-mail outbox (messaging). Online booking,
card payments, client messaging and the rest call it where they take a booking, a
payment or send a message.
"""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q
from django.utils import timezone

from salonkeep.accounts.models import Business
from salonkeep.notices.models import Kind, Notice, Service
from salonkeep.notices.state import visible_to

# How a service is named inside a sentence.
SERVICE_IN_SENTENCE = {
    Service.CARD_PAYMENTS: "card payments",
    Service.ONLINE_BOOKING: "online booking",
    Service.MESSAGING: "messaging",
    Service.REMOTE_ACCESS: "remote access",
    Service.MEMBERSHIPS: "memberships",
    Service.ACCOUNT_MANAGEMENT: "account management",
    Service.BACKUPS: "backups",
    Service.LIVE_SYSTEM: "the live system",
}

TAKES_ARE = {Service.CARD_PAYMENTS, Service.MEMBERSHIPS, Service.BACKUPS}


class ServicePaused(Exception):
    def __init__(self, notice: Notice, message: str) -> None:
        self.notice = notice
        super().__init__(message)


def paused(business: Business | None, service: str, now: datetime | None = None) -> Notice | None:
    """The maintenance window in force at `now` that names `service` for this salon
    (its own, or the installation's); the one ending last when several overlap."""
    moment = now or timezone.now()
    windows = visible_to(business).filter(
        Q(kind=Kind.MAINTENANCE),
        withdrawn_at__isnull=True,
        starts_at__lte=moment,
        ends_at__gt=moment,
    )
    # JSON containment is not portable to SQLite; windows in force are few.
    naming = [notice for notice in windows.order_by("-ends_at") if service in notice.services]
    return naming[0] if naming else None


def pause_message(
    notice: Notice, service: str, business: Business | None, now: datetime | None = None
) -> str:
    """ "Online booking is paused for maintenance until 05:00." in the salon's zone
    (with the day when the window ends on another day)."""
    tz = business.tz if business is not None else notice.tz
    assert notice.ends_at is not None
    end = notice.ends_at.astimezone(tz)
    until = f"{end:%H:%M}"
    if end.date() != (now or timezone.now()).astimezone(tz).date():
        until += f" on {end:%A} {end.day} {end:%B}"
    name = (
        SERVICE_IN_SENTENCE.get(Service(service), service) if service in Service.values else service
    )
    verb = "are" if service in TAKES_ARE else "is"
    return f"{name[0].upper()}{name[1:]} {verb} paused for maintenance until {until}."


def refuse_if_paused(business: Business | None, service: str, now: datetime | None = None) -> None:
    notice = paused(business, service, now)
    if notice is not None:
        raise ServicePaused(notice, pause_message(notice, service, business, now))
