"""Posting and changing notices. Every change people should see again raises the
notice's revision: the banner comes back for those who closed it, and the calendar
entry's SEQUENCE goes up."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from salonkeep.accounts.models import Business
from salonkeep.notices.mail import queue_notice_mail
from salonkeep.notices.models import Kind, Notice, NoticeUpdate, Progress

EDITED = "This notice was changed; this is how it reads now."
WITHDRAWN = "This notice was withdrawn."


def default_zone(business: Business | None) -> str:
    return business.time_zone if business is not None else "Europe/London"


def new_notice(kind: str, business: Business | None, author: str, now: datetime) -> Notice:
    return Notice(
        kind=kind,
        business=business,
        time_zone=default_zone(business),
        created_by=author,
        created_at=now,
        updated_at=now,
    )


@transaction.atomic
def publish(notice: Notice, author: str, now: datetime, progress: str = "") -> Notice:
    """Save a new notice; an incident gets its first update (its body) at once."""
    notice.created_at = notice.updated_at = now
    notice.created_by = author
    if notice.kind == Kind.INCIDENT and progress == Progress.RESOLVED:
        notice.resolved_at = now
    notice.save()
    if notice.kind == Kind.INCIDENT:
        NoticeUpdate.objects.create(
            notice=notice,
            business=notice.business,
            progress=progress or Progress.INVESTIGATING,
            message=notice.body,
            posted_at=now,
            posted_by=author,
        )
    queue_notice_mail(notice, notice.body, now, first=True)
    return notice


@transaction.atomic
def save_changes(notice: Notice, now: datetime, announce: str = EDITED) -> Notice:
    """Save an edited notice (subscribers get `announce` with the notice as it is now)."""
    notice.revision += 1
    notice.updated_at = now
    notice.save()
    queue_notice_mail(notice, announce, now, first=False)
    return notice


@transaction.atomic
def post_update(
    notice: Notice,
    progress: str,
    message: str,
    author: str,
    now: datetime,
    window: tuple[datetime | None, datetime | None] = (None, None),
) -> NoticeUpdate:
    """Add a stage to an incident. Resolving sets the impact window (as measured,
    not the posting times); a later stage reopens it."""
    start, end = window
    if start is not None:
        notice.impact_started_at = start
    if end is not None:
        notice.impact_ended_at = end
    notice.resolved_at = now if progress == Progress.RESOLVED else None
    update = NoticeUpdate.objects.create(
        notice=notice,
        business=notice.business,
        progress=progress,
        message=message,
        posted_at=now,
        posted_by=author,
    )
    save_changes(notice, now, announce=message)
    return update


@transaction.atomic
def withdraw(notice: Notice, now: datetime) -> Notice:
    """A withdrawn notice stays in the history (and is CANCELLED in the calendar)."""
    notice.withdrawn_at = now
    return save_changes(notice, now, announce=WITHDRAWN)
