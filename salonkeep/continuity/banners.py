"""The backup warnings shown to owners and managers on every page: the last backup
failed, automatic backups are overdue, or it has been too long since the last backup
(the seed's once-a-day reminder). Two indexed queries per page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Q, Subquery
from django.http import HttpRequest
from django.utils import timezone

from salonkeep.accounts.models import Business, User
from salonkeep.continuity.models import BackupRun, BackupSettings, RunStatus

REMINDER_DISMISSED_KEY = "continuity_reminder_dismissed"
# With nothing backed up yet, a new salon gets a day before the warning.
FIRST_BACKUP_GRACE = timedelta(hours=24)


@dataclass
class Banners:
    failed: BackupRun | None = None
    overdue_since: datetime | None = None  # the last verified backup, or None for never
    overdue: bool = False
    reminder_days: int | None = None


def _latest_runs(business: Business) -> tuple[BackupRun | None, BackupRun | None]:
    """(the latest attempt, the latest verified one) in one query."""
    runs = BackupRun.objects.filter(business=business).order_by("-started_at", "-id")
    latest = runs.values("pk")[:1]
    verified = runs.filter(status=RunStatus.VERIFIED).values("pk")[:1]
    found = list(
        BackupRun.objects.filter(Q(pk=Subquery(latest)) | Q(pk=Subquery(verified))).order_by(
            "-started_at", "-id"
        )
    )
    last_verified = next((run for run in found if run.status == RunStatus.VERIFIED), None)
    return (found[0] if found else None), last_verified


def backup_banners(business: Business, dismissed_on: str | None) -> Banners:
    rules = BackupSettings.objects.filter(business=business).first() or BackupSettings()
    latest, verified = _latest_runs(business)
    now = timezone.now()
    banners = Banners()
    if latest is not None and latest.status == RunStatus.FAILED:
        banners.failed = latest
    last_at = (verified.finished_at or verified.started_at) if verified else None
    if rules.enabled:
        allowed = timedelta(hours=2 * rules.every_hours + 1)
        if last_at is not None:
            banners.overdue = now - last_at > allowed
        else:
            banners.overdue = now - business.created_at > FIRST_BACKUP_GRACE
        banners.overdue_since = last_at
    today = timezone.localdate(now, business.tz).isoformat()
    if rules.remind and dismissed_on != today:
        since = last_at or business.created_at
        if now - since > timedelta(days=rules.remind_after_days):
            banners.reminder_days = (now - since).days
    return banners


def backup_warnings(request: HttpRequest) -> dict[str, object]:
    """Context processor: ``backup_banners`` for owners and managers, else nothing."""
    user = getattr(request, "user", None)
    business = getattr(request, "business", None)
    if not isinstance(user, User) or not isinstance(business, Business) or not user.can_manage:
        return {}
    dismissed = request.session.get(REMINDER_DISMISSED_KEY)
    return {"backup_banners": backup_banners(business, dismissed)}


def dismissed_today(business: Business) -> str:
    return date.isoformat(timezone.localdate(timezone.now(), business.tz))
