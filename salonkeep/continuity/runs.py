"""Backing up a business and recording the attempt, whoever asked for it: the scheduler,
shutdown, the "Backup now" button or the command line. The record is what the backups
page and the overdue/failed warnings read."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from django.utils import timezone

from salonkeep.accounts.models import Business
from salonkeep.continuity.backup import BackupError, BackupOutcome, default_location, take_backup
from salonkeep.continuity.bucket import Location, is_bucket_address, parse_bucket_address
from salonkeep.continuity.models import BackupRun, BackupSettings, RunStatus
from salonkeep.continuity.snapshot import Progress

# A run still "running" after this long was cut off (the process was killed or the
# computer lost power); no backup takes this long on the machines Salonkeep runs on.
ABANDONED_AFTER = timedelta(hours=6)


def mark_abandoned_runs(business: Business) -> None:
    """Record runs that never finished as failed, so the failure is shown, not hidden
    behind a "running" that lasts forever."""
    cutoff = timezone.now() - ABANDONED_AFTER
    for run in BackupRun.objects.filter(
        business=business, status=RunStatus.RUNNING, started_at__lt=cutoff
    ):
        run.status = RunStatus.FAILED
        run.error = (
            "This backup stopped before it finished "
            "(Salonkeep was stopped or the computer lost power)."
        )
        run.finished_at = timezone.now()
        run.save()


def settings_for(business: Business) -> BackupSettings:
    """The business's automatic backup settings, created with the defaults on first use."""
    found, _ = BackupSettings.objects.get_or_create(business=business)
    return found


def configured_location(backup_settings: BackupSettings) -> Location:
    """Where the business's backups go: a folder, or a place in a bucket (s3://)."""
    text = backup_settings.location
    if not text:
        return default_location()
    # The settings form only saves well-formed addresses.
    return parse_bucket_address(text) if is_bucket_address(text) else Path(text)


def run_backup(
    business: Business,
    trigger: str,
    *,
    location: Location | None = None,
    keep: int | None = None,
    progress: Progress | None = None,
    passphrase: str | None = None,
) -> tuple[BackupRun, BackupOutcome | None]:
    """Back up now and record the attempt. Never raises BackupError: a failure is
    recorded (and returned) with its reason, so it can be shown until resolved."""
    backup_settings = settings_for(business)
    location = location or configured_location(backup_settings)
    mark_abandoned_runs(business)
    run = BackupRun.objects.create(
        business=business,
        trigger=trigger,
        started_at=timezone.now(),
        status=RunStatus.RUNNING,
        location=str(location),
    )
    try:
        outcome = take_backup(
            business,
            location,
            trigger=trigger,
            keep=keep if keep is not None else backup_settings.keep,
            progress=progress,
            passphrase=passphrase,
        )
    except BackupError as error:
        run.status = RunStatus.FAILED
        run.error = str(error)
        run.finished_at = timezone.now()
        run.save()
        return run, None
    run.status = RunStatus.VERIFIED
    run.path = str(outcome.path)
    run.size_bytes = sum(entry.size for entry in outcome.manifest.files.values())
    run.finished_at = timezone.now()
    run.save()
    return run, outcome


def last_verified_at(business: Business) -> datetime | None:
    run = (
        BackupRun.objects.filter(business=business, status=RunStatus.VERIFIED)
        .order_by("-finished_at")
        .first()
    )
    return run.finished_at if run else None


def latest_run(business: Business) -> BackupRun | None:
    return BackupRun.objects.filter(business=business).order_by("-started_at", "-id").first()
