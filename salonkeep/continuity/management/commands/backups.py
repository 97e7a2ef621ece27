"""`salonkeep backups`: list the backups in a backup location."""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from itertools import groupby
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salonkeep.continuity.bucket import BucketError, BucketLocation
from salonkeep.continuity.command_line import location_from
from salonkeep.continuity.listing import BackupEntry
from salonkeep.continuity.locations import list_location_backups


def human_size(size: int) -> str:
    amount = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if amount < 1000 or unit == "GB":
            return f"{amount:.0f} {unit}" if unit == "bytes" else f"{amount:.1f} {unit}"
        amount /= 1000
    raise AssertionError("unreachable")


def shown_name(entry: BackupEntry) -> str:
    """A folder's name; a bucket's backup in full, as restore and verify take it."""
    return str(entry.path) if isinstance(entry.path, BucketLocation) else entry.path.name


def zone_of(entries: list[BackupEntry]) -> zoneinfo.ZoneInfo | None:
    for entry in entries:
        if entry.manifest is not None:
            try:
                return zoneinfo.ZoneInfo(entry.manifest.business.time_zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                return None
    return None


def local_text(moment: datetime, zone: zoneinfo.ZoneInfo | None) -> str:
    return f"{moment.astimezone(zone):%Y-%m-%d %H:%M}" if zone else "-"


class Command(BaseCommand):
    help = (
        "List the backups in a backup location, newest first, with the time each was "
        "taken (in UTC and in the salon's time zone), what triggered it, its size, and "
        "whether it verifies. Unfinished backups are never listed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--business", metavar="SLUG", help="Only this salon's backups (default: all)."
        )
        parser.add_argument(
            "--to",
            metavar="LOCATION",
            help="The backup location: a folder, or a bucket as s3://BUCKET/PREFIX "
            "(default: the backups folder in the data folder).",
        )
        parser.add_argument(
            "--quick",
            action="store_true",
            help="Only check that each backup's files are all there at the right size, "
            "instead of reading them through (for many large backups).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        location = location_from(options["to"])
        try:
            entries = list_location_backups(
                location, options["business"], thorough=not options["quick"]
            )
        except BucketError as error:
            raise CommandError(str(error)) from None
        if not entries:
            whose = f"of {options['business']} " if options["business"] else ""
            self.stdout.write(f"No backups {whose}in {location}.")
            return
        check = "complete" if options["quick"] else "verified"
        self.stdout.write(f"Backups in {location}:")
        for slug, group in groupby(sorted(entries, key=lambda e: e.slug), key=lambda e: e.slug):
            backups = sorted(group, key=lambda entry: entry.sort_key, reverse=True)
            zone = zone_of(backups)
            name = next((b.manifest.business.name for b in backups if b.manifest), slug)
            self.stdout.write("")
            self.stdout.write(f"{name} ({slug})")
            zone_name = str(zone) if zone else "salon time"
            self.stdout.write(
                f"  {'UTC':<17} {zone_name:<17} {'trigger':<15} {'size':>9}  {check:<9} folder"
            )
            for entry in backups:
                status = "yes" if entry.verified else "NO"
                self.stdout.write(
                    f"  {entry.created_at:%Y-%m-%d %H:%M}  "
                    f"{local_text(entry.created_at, zone):<17} {entry.trigger:<15} "
                    f"{human_size(entry.size):>9}  {status:<9} {shown_name(entry)}"
                )
                for problem in entry.problems:
                    self.stdout.write(f"      problem: {problem}")
