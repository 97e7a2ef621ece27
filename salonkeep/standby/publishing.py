"""Keeping the standby's snapshot fresh, from the live system.

Every few minutes (setting ``standby_every_minutes``, default 5) each salon's standby
snapshot is published into ``<location>/.standby/<slug>/`` with the ordinary backup
machinery (take_backup: snapshot, verify, atomic rename in a folder, manifest uploaded
last in a bucket), keeping the newest two. The folder starts with a dot so that it is
never mistaken for a salon or a retained backup. Bucket specifics: bucket_snapshots.py.

A snapshot is only taken when something changed: the newest activity-log entry of the
salon (every save and delete of business data is logged) is compared with the one the
last snapshot saw. When nothing changed, only ``confirmed.json`` is rewritten, saying
"at this instant the live data was still the data of snapshot X", so the standby can
show how fresh its book really is on a quiet afternoon without copying anything.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from salonkeep.accounts.models import Business
from salonkeep.activity.models import ActivityEntry
from salonkeep.continuity.backup import BackupError, take_backup
from salonkeep.continuity.bucket import BucketError, BucketLocation, Location
from salonkeep.continuity.publish import fsync_folder
from salonkeep.continuity.runs import configured_location, settings_for
from salonkeep.continuity.scheduler import claim, release
from salonkeep.standby.bucket_snapshots import (
    CONFIRMED_FILE,
    STANDBY_FOLDER,
    confirmed_text,
    parse_confirmed,
    read_bucket_confirmed,
    snapshot_published,
    write_bucket_confirmed,
)

logger = logging.getLogger(__name__)

__all__ = ["CONFIRMED_FILE", "STANDBY_FOLDER", "publish_due_snapshots", "publish_if_changed"]

LOCK_FILE = ".publishing"
KEEP = 2
# A lock older than this was left by a process that died while publishing.
STALE_LOCK = timedelta(minutes=15)


def standby_folder(location: Path, slug: str) -> Path:
    return location / STANDBY_FOLDER / slug


def latest_change(business: Business) -> int:
    """The id of the newest activity-log entry of the business (0 when none): it grows
    with every change of business data."""
    newest = (
        ActivityEntry.objects.filter(business=business)
        .order_by("-id")
        .values_list("id", flat=True)
        .first()
    )
    return newest or 0


def read_confirmed(folder: Path) -> dict[str, Any] | None:
    """What the last publication recorded, or None when there is nothing usable."""
    try:
        return parse_confirmed((folder / CONFIRMED_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_confirmed(folder: Path, snapshot: str, change: int, confirmed_at: datetime) -> None:
    """Replace confirmed.json atomically: a reader sees the old or the new one, whole."""
    temporary = folder / f".{CONFIRMED_FILE}.{os.getpid()}"
    with temporary.open("w", encoding="utf-8") as writer:
        writer.write(confirmed_text(snapshot, change, confirmed_at))
        writer.flush()
        os.fsync(writer.fileno())
    os.replace(temporary, folder / CONFIRMED_FILE)
    fsync_folder(folder)


@contextmanager
def publishing_lock(folder: Path) -> Iterator[bool]:
    """True when this process may publish now. The lock is a file created exclusively
    beside the snapshots, so two workers (even on two machines sharing the location)
    never publish the same salon at once."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = folder / LOCK_FILE
    try:
        age = timezone.now().timestamp() - lock.stat().st_mtime
        if age > STALE_LOCK.total_seconds():
            lock.unlink(missing_ok=True)
    except OSError:
        pass
    try:
        descriptor = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        yield False
        return
    os.close(descriptor)
    try:
        yield True
    finally:
        lock.unlink(missing_ok=True)


def publish_if_changed(business: Business, location: Location, now: datetime) -> str:
    """Publish a standby snapshot of ``business`` when its data changed since the last
    one. Returns "published", "unchanged" or "busy" (another process is publishing).
    Raises BackupError when the snapshot could not be published (BucketError when a
    bucket could not be read)."""
    if isinstance(location, BucketLocation):
        return _publish_to_bucket_if_changed(business, location, now)
    folder = standby_folder(location, business.slug)
    confirmed = read_confirmed(folder)
    # Read before the snapshot: a change made while it is taken makes the next check
    # publish again, never the other way round.
    change = latest_change(business)
    if (
        confirmed is not None
        and confirmed.get("change") == change
        and (folder / confirmed["snapshot"]).is_dir()
    ):
        write_confirmed(folder, confirmed["snapshot"], change, now)
        return "unchanged"
    with publishing_lock(folder) as mine:
        if not mine:
            return "busy"
        outcome = take_backup(business, location / STANDBY_FOLDER, trigger="schedule", keep=KEEP)
        write_confirmed(folder, outcome.path.name, change, outcome.manifest.created_at)
    logger.info(
        "Standby snapshot of %s published in %.1f s: %s",
        business.slug,
        outcome.seconds,
        outcome.path,
    )
    return "published"


def _publish_to_bucket_if_changed(
    business: Business, location: BucketLocation, now: datetime
) -> str:
    slug = business.slug
    # Before reading the change: creating the settings row is itself a logged change.
    settings_id = settings_for(business).pk
    confirmed = read_bucket_confirmed(location, slug)
    change = latest_change(business)
    if (
        confirmed is not None
        and confirmed.get("change") == change
        and snapshot_published(location, slug, confirmed["snapshot"])
    ):
        write_bucket_confirmed(location, slug, confirmed["snapshot"], change, now)
        return "unchanged"
    if not claim(settings_id, now, only_if_due=False):
        return "busy"  # a backup or another worker's publication of this salon is running
    try:
        outcome = take_backup(
            business, location.child(STANDBY_FOLDER), trigger="schedule", keep=KEEP
        )
        write_bucket_confirmed(
            location, slug, outcome.path.name, change, outcome.manifest.created_at
        )
    finally:
        release(settings_id)
    logger.info(
        "Standby snapshot of %s published in %.1f s: %s", slug, outcome.seconds, outcome.path
    )
    return "published"


def interval() -> timedelta | None:
    """How often each salon's standby snapshot is checked; None when switched off."""
    minutes: int = settings.CONFIG["standby_every_minutes"]
    return timedelta(minutes=minutes) if minutes else None


@dataclass
class PublishSchedule:
    """When each salon was last checked, in this process: between checks the job costs
    nothing (no query, no file read)."""

    last_checked: dict[int, datetime] = field(default_factory=dict)

    def run(self, now: datetime) -> dict[str, str]:
        every = interval()
        if every is None:
            return {}
        results: dict[str, str] = {}
        for business in Business.objects.order_by("pk"):
            last = self.last_checked.get(business.pk)
            if last is not None and now - last < every:
                continue
            self.last_checked[business.pk] = now
            location = configured_location(settings_for(business))
            try:
                results[business.slug] = publish_if_changed(business, location, now)
            except (BackupError, BucketError, OSError) as error:
                results[business.slug] = "failed"
                logger.warning("Standby snapshot of %s not published: %s", business.slug, error)
                continue
            if results[business.slug] == "busy":
                # A backup of the salon is running: try again at the next step, not in 5 min.
                del self.last_checked[business.pk]
        return results


schedule = PublishSchedule()


def publish_due_snapshots(now: datetime) -> dict[str, str]:
    """The background job (registered in apps.py)."""
    return schedule.run(now)
