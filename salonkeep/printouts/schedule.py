"""Writing the outage pack every evening, one small step of the worker loop at a time.

Each business's OutagePackSettings row holds the state: `next_due_at` (the next evening
slot, UTC) and `claimed_until` (a lease taken with one atomic UPDATE, so two workers
never write the same pack). A slot missed while the computer was off is caught up at
the next step, once. The pack is for the next working day after the slot's evening, so
a computer switched on at 08:00 still writes that morning's pack.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

from salonkeep.accounts.models import Business
from salonkeep.continuity.bucket import BucketLocation, Location
from salonkeep.lib.dates import local_instant
from salonkeep.printouts.bucket_pack import write_outage_pack_to_bucket
from salonkeep.printouts.models import OutagePackRun, OutagePackSettings, PackStatus
from salonkeep.printouts.pack import (
    PackError,
    PackFile,
    next_working_day,
    pack_locations,
    render_outage_pack,
    write_outage_pack,
)

logger = logging.getLogger(__name__)

# Far longer than writing a pack takes; it only runs out when the worker holding it died.
LEASE = timedelta(minutes=15)
# A pack that failed everywhere is tried again this soon, not tomorrow evening.
RETRY_AFTER = timedelta(minutes=30)


def next_slot_after(at: time, tz: ZoneInfo, now: datetime) -> datetime:
    """The next instant after `now` when the local clock shows `at`."""
    today = now.astimezone(tz).date()
    for offset in range(3):
        slot = local_instant(today + timedelta(days=offset), at, tz)
        if slot > now:
            return slot
    raise AssertionError("unreachable: a wall-clock time recurs within two days")


def pack_day_at(business: Business, at: time, now: datetime) -> date:
    """The day the pack written at `now` is for: the next working day after the evening
    of the latest slot at or before now."""
    tz = business.tz
    today = now.astimezone(tz).date()
    slot_day = today if local_instant(today, at, tz) <= now else today - timedelta(days=1)
    return next_working_day(business, slot_day)


def pack_settings_for(business: Business) -> OutagePackSettings:
    """The business's settings row, created with the defaults on first use (only in the
    live system: pages read with `peek_pack_settings`)."""
    found, _ = OutagePackSettings.objects.get_or_create(business=business)
    return found


def peek_pack_settings(business: Business) -> OutagePackSettings:
    """The settings as they are, without creating a row (for read-only pages)."""
    return OutagePackSettings.objects.filter(business=business).first() or OutagePackSettings(
        business=business
    )


def reschedule(settings_id: int, now: datetime) -> None:
    pack_settings = OutagePackSettings.objects.select_related("business").get(pk=settings_id)
    next_due = (
        next_slot_after(pack_settings.at, pack_settings.business.tz, now)
        if pack_settings.enabled
        else None
    )
    OutagePackSettings.objects.filter(pk=settings_id).update(next_due_at=next_due)


def claim(settings_id: int, now: datetime, *, only_if_due: bool = True) -> bool:
    candidates = OutagePackSettings.objects.filter(pk=settings_id).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )
    if only_if_due:
        candidates = candidates.filter(enabled=True, next_due_at__lte=now)
    return candidates.update(claimed_until=now + LEASE) == 1


def release(settings_id: int) -> None:
    OutagePackSettings.objects.filter(pk=settings_id).update(claimed_until=None)


def write_pack_to(
    business: Business, day: date, location: Location, files: list[PackFile]
) -> list[str]:
    """Write the rendered pack into one backup location; what was written, as text."""
    if isinstance(location, BucketLocation):
        return write_outage_pack_to_bucket(business, day, location, files)
    return [str(path) for path in write_outage_pack(business, day, location, files)]


def write_pack_everywhere(business: Business, day: date, trigger: str) -> list[OutagePackRun]:
    """Render the pack once and write it into every location, recording each attempt.
    Never raises: a failure is recorded with its reason and shown to the owner."""
    started = timezone.now()
    runs = []
    files: list[PackFile] = []
    try:
        files = render_outage_pack(business, day, started)
        problem = ""
    except Exception as error:  # a rendering bug must be shown, not crash the loop
        logger.exception("Rendering the outage pack of %s failed", business.slug)
        problem = f"The printouts could not be made: {error}"
    for location in pack_locations(business):
        written: list[str] = []
        error_text = problem
        if not problem:
            try:
                written = write_pack_to(business, day, location, files)
            except PackError as error:
                error_text = str(error)
        runs.append(
            OutagePackRun.objects.create(
                business=business,
                day=day,
                trigger=trigger,
                location=str(location),
                started_at=started,
                finished_at=timezone.now(),
                status=PackStatus.FAILED if error_text else PackStatus.WRITTEN,
                files=len(written),
                folder=str(written[0].rsplit("/", 1)[0]) if written else "",
                error=error_text,
            )
        )
    return runs


def schedule_unscheduled(now: datetime) -> None:
    for business in Business.objects.exclude(
        pk__in=OutagePackSettings.objects.values("business_id")
    ):
        pack_settings_for(business)
    for settings_id in OutagePackSettings.objects.filter(
        enabled=True, next_due_at__isnull=True
    ).values_list("pk", flat=True):
        reschedule(settings_id, now)
    OutagePackSettings.objects.filter(enabled=False, next_due_at__isnull=False).update(
        next_due_at=None
    )


def run_due_packs(now: datetime) -> list[OutagePackRun]:
    """One step: write the pack of every business whose evening slot has come."""
    schedule_unscheduled(now)
    due = (
        OutagePackSettings.objects.filter(enabled=True, next_due_at__lte=now)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .select_related("business")
        .order_by("next_due_at", "pk")
    )
    runs: list[OutagePackRun] = []
    for pack_settings in list(due):
        if not claim(pack_settings.pk, now):
            continue
        business = pack_settings.business
        next_due = next_slot_after(pack_settings.at, business.tz, now)
        try:
            written = write_pack_everywhere(
                business, pack_day_at(business, pack_settings.at, now), "schedule"
            )
            runs.extend(written)
            if not any(run.status == PackStatus.WRITTEN for run in written):
                next_due = min(next_due, now + RETRY_AFTER)
        finally:
            OutagePackSettings.objects.filter(pk=pack_settings.pk).update(
                next_due_at=next_due, claimed_until=None
            )
    return runs


def latest_pack_run(business: Business) -> OutagePackRun | None:
    return OutagePackRun.objects.filter(business=business).order_by("-started_at", "-id").first()
