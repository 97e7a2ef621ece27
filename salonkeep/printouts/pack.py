"""The outage pack: tomorrow's appointment page and day sheets as PDFs, written every
evening into each backup location, so the salon can read its book even when no software
runs at all (the seed's "print or save your appointment page at the end of the day
ready for the next working day").

Rendering (`render_outage_pack`) is separate from writing (`write_outage_pack`), so a
location that is not a folder (a bucket) only needs its own writer. `pack_locations`
is the one place that says where packs go.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from django.utils import timezone

from salonkeep.accounts.models import Business, OpeningHours
from salonkeep.accounts.models import Location as SalonLocation
from salonkeep.book.models import RELEASED_STATUSES, Appointment
from salonkeep.continuity.backup import default_location
from salonkeep.continuity.bucket import Location
from salonkeep.continuity.models import BackupSettings
from salonkeep.continuity.runs import configured_location
from salonkeep.lib.dates import local_day_bounds
from salonkeep.printouts.rendering import pdf_file_name, pdf_from_html, printout_html
from salonkeep.printouts.sheets import build_appointment_page, build_day_sheets, sheet_members

PACK_FOLDER = "outage-pack"
# Day folders kept in each location; older ones are deleted when a new pack is written.
KEEP_DAYS = 7
# How far ahead "the next working day" is looked for (a salon closed for a fortnight
# gets the day after tomorrow's pack, which is empty but says so).
LOOK_AHEAD_DAYS = 14


class PackError(Exception):
    """The pack could not be written; the message says why, for the owner."""


@dataclass(frozen=True)
class PackFile:
    name: str
    content: bytes


def next_working_day(business: Business, after: date) -> date:
    """The first day after `after` on which any location opens or anything is booked."""
    open_weekdays = set(
        OpeningHours.objects.filter(business=business).values_list("weekday", flat=True)
    )
    start, _ = local_day_bounds(after + timedelta(days=1), business.tz)
    _, end = local_day_bounds(after + timedelta(days=LOOK_AHEAD_DAYS), business.tz)
    booked_days = {
        moment.astimezone(business.tz).date()
        for moment in Appointment.objects.filter(
            business=business, starts_at__gte=start, starts_at__lt=end
        )
        .exclude(status__in=RELEASED_STATUSES)
        .values_list("starts_at", flat=True)
    }
    for offset in range(1, LOOK_AHEAD_DAYS + 1):
        day = after + timedelta(days=offset)
        if day.weekday() in open_weekdays or day in booked_days:
            return day
    return after + timedelta(days=1)


def pack_locations(business: Business) -> list[Location]:
    """Where this business's packs go: each of its backup locations (a folder or a
    place in a bucket)."""
    # Read without creating the settings row: the standby serves pages from a read-only copy.
    backup_settings = BackupSettings.objects.filter(business=business).first()
    return [configured_location(backup_settings or BackupSettings(business=business))]


def render_outage_pack(
    business: Business, day: date, now: datetime | None = None
) -> list[PackFile]:
    """The PDFs of the pack: an appointment page per location, all day sheets in one
    file, and each team member's sheet on its own (to hand out)."""
    generated_at = timezone.localtime(now or timezone.now(), business.tz)
    base = {"business": business, "day": day, "generated_at": generated_at, "for_pdf": True}
    files = []
    locations = list(SalonLocation.objects.filter(business=business))
    for location in locations:
        page = build_appointment_page(business, location, day)
        html = printout_html("printouts/_appointment_page.html", {**base, "page": page})
        place = location.name if len(locations) > 1 else ""
        name = pdf_file_name(business.slug, place, "appointments", day.isoformat())
        files.append(PackFile(name, pdf_from_html(html)))
    sheets = build_day_sheets(business, day, sheet_members(business, day))
    html = printout_html("printouts/_day_sheets.html", {**base, "sheets": sheets})
    files.append(
        PackFile(pdf_file_name(business.slug, "day-sheets", day.isoformat()), pdf_from_html(html))
    )
    used: set[str] = {file.name for file in files}
    for sheet in sheets:
        name = pdf_file_name(business.slug, "day-sheet", sheet.member.name, day.isoformat())
        if name in used:
            name = pdf_file_name(
                business.slug, "day-sheet", sheet.member.name, str(sheet.member.pk), day.isoformat()
            )
        used.add(name)
        html = printout_html("printouts/_day_sheets.html", {**base, "sheets": [sheet]})
        files.append(PackFile(name, pdf_from_html(html)))
    return files


def pack_folder(business: Business, location: Path) -> Path:
    return location / business.slug / PACK_FOLDER


def pack_place(business: Business, location: Location) -> str:
    """Where in a backup location the packs are, as shown to the owner."""
    if isinstance(location, Path):
        return str(pack_folder(business, location))
    return str(location.child(business.slug, PACK_FOLDER))


def _explain(error: OSError, location: Path) -> str:
    if error.errno == errno.ENOSPC:
        return f"The disk holding {location} is full."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"Salonkeep is not allowed to write in {location}."
    return f"Could not write in {location}: {error.strerror or error}."


def _write_atomically(target: Path, content: bytes) -> None:
    """Write under a temporary name, then rename: a reader never sees half a PDF."""
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
    try:
        with temporary.open("wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def prune_old_packs(folder: Path, keep: int = KEEP_DAYS) -> list[Path]:
    """Delete all but the newest `keep` day folders; anything not named like a day is
    left alone (it is not ours)."""
    days = []
    for child in folder.iterdir():
        try:
            days.append((date.fromisoformat(child.name), child))
        except ValueError:
            continue
    days.sort(reverse=True)
    removed = []
    for _, child in days[keep:]:
        if child.is_dir():
            shutil.rmtree(child)
            removed.append(child)
    return removed


def write_outage_pack(
    business: Business, day: date, folder: Path, files: list[PackFile] | None = None
) -> list[Path]:
    """Write the pack for `day` into the backup location `folder`, under
    <folder>/<slug>/outage-pack/<day>/, and prune old days. The location must exist (a
    missing one is usually an unplugged drive; writing to the bare mount point would
    fill the computer's own disk), except the default one in the data folder."""
    if folder == default_location():
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise PackError(_explain(error, folder)) from None
    if not folder.is_dir():
        raise PackError(f"There is no folder {folder} (is the drive plugged in?).")
    files = files if files is not None else render_outage_pack(business, day)
    day_folder = pack_folder(business, folder) / day.isoformat()
    written = []
    try:
        day_folder.mkdir(parents=True, exist_ok=True)
        for pack_file in files:
            target = day_folder / pack_file.name
            _write_atomically(target, pack_file.content)
            written.append(target)
        # A team member no longer working that day must not keep an old sheet there.
        for stale in day_folder.iterdir():
            if stale not in written and stale.suffix == ".pdf":
                stale.unlink()
        prune_old_packs(day_folder.parent)
    except OSError as error:
        raise PackError(_explain(error, folder)) from None
    return written
