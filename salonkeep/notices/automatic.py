"""Incidents the system opens by itself, and resolves with the measured window.

- Backups: the job ``notices.watch_backups`` opens an incident for a salon whose
  latest backup failed or whose automatic backups are overdue (what continuity's
  banners show), telling staff to back up now, and resolves it when a backup is
  verified again; the window runs from the first failure (or the moment backups became
  overdue) to that backup.
- Other services (card payments first): the area that owns the service calls
  ``record_service_failure(business, service, now)`` on every failure and
  ``record_service_recovery(business, service, now)`` on the next success.
  ``FAILURES_IN_A_ROW`` failures within ``FAILURE_SPAN`` open an incident (for card
  payments it says to take the payments as owed); the first success resolves it with
  the window from the first failure to that success.

Automatic incidents are private to the salon (not on the public status page) and are
never opened twice: a database constraint allows one open incident per salon and key.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.urls import reverse

from salonkeep.accounts.models import Business
from salonkeep.continuity.banners import backup_banners
from salonkeep.continuity.models import BackupRun, RunStatus
from salonkeep.continuity.runs import settings_for
from salonkeep.notices.enforcement import TAKES_ARE
from salonkeep.notices.mail import absolute
from salonkeep.notices.models import Impact, Kind, Notice, Progress, Service, ServiceFailure
from salonkeep.notices.publishing import new_notice, post_update, publish

logger = logging.getLogger(__name__)

AUTHOR = "Salonkeep (automatic)"
BACKUPS_KEY = "backups"
FAILURES_IN_A_ROW = 3
FAILURE_SPAN = timedelta(minutes=15)

ADVICE = {
    Service.CARD_PAYMENTS: (
        "Card payments are failing at the payment provider. Keep working: record each "
        "card payment as owed and collect it later with a payment link or a telephone "
        "payment. This notice closes by itself when a card payment goes through again."
    ),
}
DEFAULT_ADVICE = (
    "{service} is failing. Salonkeep will close this notice by itself when it works again."
)


def open_incident(
    business: Business,
    key: str,
    services: list[str],
    title: str,
    body: str,
    started_at: datetime,
    now: datetime,
    support_url: str = "",
) -> Notice | None:
    """Open the automatic incident `key` unless one is open already (returns None then)."""
    if Notice.objects.filter(
        business=business, automatic_key=key, resolved_at__isnull=True
    ).exists():
        return None
    notice = new_notice(Kind.INCIDENT, business, AUTHOR, now)
    notice.title = title
    notice.body = body
    notice.services = services
    notice.impact = Impact.PARTIAL
    notice.public = False
    notice.automatic_key = key
    notice.impact_started_at = started_at
    notice.support_url = support_url
    try:
        with transaction.atomic():
            return publish(notice, AUTHOR, now, Progress.INVESTIGATING)
    except IntegrityError:
        return None  # another worker opened it a moment ago


def resolve_incident(
    business: Business, key: str, ended_at: datetime, message: str, now: datetime
) -> Notice | None:
    notice = Notice.objects.filter(
        business=business, automatic_key=key, resolved_at__isnull=True
    ).first()
    if notice is None:
        return None
    start = notice.impact_started_at or notice.created_at
    post_update(notice, Progress.RESOLVED, message, AUTHOR, now, (start, max(ended_at, start)))
    return notice


def _backup_trouble(business: Business, now: datetime) -> tuple[str, datetime] | None:
    """(what is wrong, since when), or None when backups are fine."""
    banners = backup_banners(business, dismissed_on=None)
    if banners.failed is not None:
        verified = (
            BackupRun.objects.filter(business=business, status=RunStatus.VERIFIED)
            .order_by("-started_at")
            .values_list("started_at", flat=True)
            .first()
        )
        failures = BackupRun.objects.filter(business=business, status=RunStatus.FAILED)
        if verified is not None:
            failures = failures.filter(started_at__gt=verified)
        first = failures.order_by("started_at").values_list("started_at", flat=True).first()
        return f"Backups are failing: {banners.failed.error[:300]}", first or now
    if banners.overdue:
        rules = settings_for(business)
        allowed = timedelta(hours=2 * rules.every_hours + 1)
        since = (banners.overdue_since + allowed) if banners.overdue_since else business.created_at
        return "Automatic backups are overdue.", min(since, now)
    return None


def watch_backups(now: datetime) -> None:
    """The job ``notices.watch_backups``: open or resolve each salon's backups incident."""
    for business in Business.objects.order_by("pk"):
        trouble = _backup_trouble(business, now)
        if trouble is not None:
            problem, since = trouble
            open_incident(
                business,
                BACKUPS_KEY,
                [Service.BACKUPS],
                "Backups are not being made",
                f"{problem} Back up now: Backups → Backup now. If that fails too, check the "
                "backup location (is the drive plugged in, is there space left?).",
                since,
                now,
                support_url=absolute(reverse("continuity:list")),
            )
            continue
        last = (
            BackupRun.objects.filter(business=business, status=RunStatus.VERIFIED)
            .order_by("-started_at")
            .first()
        )
        if last is not None:
            resolve_incident(
                business,
                BACKUPS_KEY,
                last.finished_at or last.started_at,
                "A backup was made and verified again.",
                now,
            )


def _service_key(service: str) -> str:
    return f"service:{service}"


def record_service_failure(business: Business, service: str, now: datetime) -> Notice | None:
    """Note one failure of `service`; returns the incident when this failure opened one."""
    ServiceFailure.objects.create(business=business, service=service, failed_at=now)
    recent = ServiceFailure.objects.filter(
        business=business, service=service, failed_at__gt=now - FAILURE_SPAN
    )
    if recent.count() < FAILURES_IN_A_ROW:
        return None
    first = ServiceFailure.objects.filter(business=business, service=service).order_by("failed_at")
    started = first.values_list("failed_at", flat=True).first() or now
    label = Service(service).label
    return open_incident(
        business,
        _service_key(service),
        [service],
        f"{label} {_verb(service)} failing",
        ADVICE.get(Service(service), DEFAULT_ADVICE.format(service=label)),
        started,
        now,
    )


def record_service_recovery(business: Business, service: str, now: datetime) -> Notice | None:
    """`service` worked again: forget its failures and resolve its automatic incident
    (returned) with the window from the first failure to now."""
    ServiceFailure.objects.filter(business=business, service=service).delete()
    label = Service(service).label
    message = f"{label} {_verb(service)} working again."
    return resolve_incident(business, _service_key(service), now, message, now)


def _verb(service: str) -> str:
    return "are" if service in TAKES_ARE else "is"
