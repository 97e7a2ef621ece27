"""Automatic backups on the owner's schedule, one small step at a time.

`run_due_backups(now)` is one step of the worker loop (`salonkeep worker`, or the
background thread of `salonkeep serve`). Each business's BackupSettings row holds the
scheduler's state: `next_due_at` (the next slot, UTC) and `claimed_until` (a lease taken
with one atomic UPDATE, so two workers never back up the same business at once). Both
are changed only with QuerySet.update(): they are bookkeeping, not the owner's edits,
and must not fill the activity log.
"""

from __future__ import annotations

import logging
import time as clock
from datetime import datetime, timedelta

from django.db.models import Q

from salonkeep.accounts.models import Business
from salonkeep.continuity.models import BackupRun, BackupSettings, RunStatus
from salonkeep.continuity.runs import last_verified_at, run_backup, settings_for
from salonkeep.continuity.schedule import next_backup_after
from salonkeep.notices.enforcement import paused
from salonkeep.notices.models import Service

logger = logging.getLogger(__name__)

# Longer than any backup takes (a 1 GB salon takes well under a minute), so a lease only
# runs out when the worker holding it died; then another worker may take over.
LEASE = timedelta(minutes=30)
# A backup on shutdown is skipped when a verified backup is at most this old.
ON_EXIT_FRESH_FOR = timedelta(hours=1)


def reschedule(settings_id: int, now: datetime) -> datetime | None:
    """Set the next due instant from the settings as they are now (call after the
    schedule changed). Returns it; None when automatic backups are off."""
    backup_settings = BackupSettings.objects.select_related("business").get(pk=settings_id)
    next_due = next_backup_after(backup_settings, backup_settings.business.tz, now)
    BackupSettings.objects.filter(pk=settings_id).update(next_due_at=next_due)
    return next_due


def schedule_unscheduled(now: datetime) -> None:
    """Give every business a settings row (the defaults) and a next due instant counted
    from now: a new business, or a schedule just switched on, waits for its first slot
    instead of backing up at once."""
    with_settings = BackupSettings.objects.values("business_id")
    for business in Business.objects.exclude(pk__in=with_settings):
        settings_for(business)
    unscheduled = BackupSettings.objects.filter(enabled=True, next_due_at__isnull=True)
    for settings_id in unscheduled.values_list("pk", flat=True):
        reschedule(settings_id, now)
    # Switched off: forget the slot, so switching on again starts from that moment.
    BackupSettings.objects.filter(enabled=False, next_due_at__isnull=False).update(next_due_at=None)


def due_businesses(now: datetime) -> list[Business]:
    """The businesses whose next scheduled backup is due and that no worker is backing
    up, oldest slot first (after scheduling any business that had no next slot)."""
    schedule_unscheduled(now)
    due = (
        BackupSettings.objects.filter(enabled=True, next_due_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .select_related("business")
        .order_by("next_due_at", "pk")
    )
    return [backup_settings.business for backup_settings in due]


def claim(settings_id: int, now: datetime, *, only_if_due: bool = True) -> bool:
    """Take the lease on one business's backups; False when another worker holds it
    (or, with only_if_due, when another worker already made this slot's backup)."""
    candidates = BackupSettings.objects.filter(pk=settings_id).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    if only_if_due:
        candidates = candidates.filter(enabled=True, next_due_at__lte=now)
    return candidates.update(claimed_until=now + LEASE) == 1


def release(settings_id: int) -> None:
    BackupSettings.objects.filter(pk=settings_id).update(claimed_until=None)


def run_due_backups(now: datetime) -> list[BackupRun]:
    """Back up every business whose slot has come. A business whose slots were missed
    (the computer was off) is backed up once, not once per missed slot, and its next
    slot is counted from now. A failed backup is recorded by run_backup (and shown until
    a backup succeeds); the schedule moves on either way."""
    runs: list[BackupRun] = []
    for business in due_businesses(now):
        if paused(business, Service.BACKUPS, now) is not None:
            continue  # held, still due: it runs at the first step after the window
        settings_id = settings_for(business).pk
        if not claim(settings_id, now):
            continue
        try:
            run, _ = run_backup(business, "schedule")
            runs.append(run)
            if run.status != RunStatus.VERIFIED:
                logger.warning("Scheduled backup of %s failed: %s", business.slug, run.error)
        except Exception:
            # run_backup records every BackupError; anything else is a bug, which must
            # not stop the other businesses' backups or leave the lease held.
            logger.exception("Scheduled backup of %s crashed", business.slug)
        finally:
            backup_settings = BackupSettings.objects.get(pk=settings_id)
            BackupSettings.objects.filter(pk=settings_id).update(
                next_due_at=next_backup_after(backup_settings, business.tz, now),
                claimed_until=None,
            )
    return runs


def backup_on_exit(now: datetime, *, deadline: float | None = None) -> list[BackupRun]:
    """Back up, as the system stops, every business that asked for it (the "back up on
    exit" setting, independent of the schedule) and has no verified backup from the last
    hour. No new backup starts after `deadline` (a time.monotonic() value): shutting down
    must fit the time the service manager allows."""
    runs: list[BackupRun] = []
    for business in Business.objects.order_by("pk"):
        if deadline is not None and clock.monotonic() >= deadline:
            logger.warning("No time left to back up %s on exit", business.slug)
            continue
        backup_settings = settings_for(business)
        if not backup_settings.backup_on_exit:
            continue
        last = last_verified_at(business)
        if last is not None and now - last <= ON_EXIT_FRESH_FOR:
            continue
        if not claim(backup_settings.pk, now, only_if_due=False):
            continue
        try:
            run, _ = run_backup(business, "on_exit")
            runs.append(run)
        finally:
            release(backup_settings.pk)
    return runs
