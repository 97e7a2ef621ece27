"""`salonkeep backup`: back up one salon now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salonkeep.continuity.backup import BackupError, take_backup
from salonkeep.continuity.command_line import (
    LongRunProgress,
    choose_business,
    location_from,
    positive_whole_number,
)
from salonkeep.continuity.retention import DEFAULT_KEEP


class Command(BaseCommand):
    help = (
        "Back up one salon's data now: every table of business data as of one instant, "
        "verified before it counts, into FOLDER/<salon>/<UTC time>-manual/. Prints the "
        "folder of the new backup. Keeps the newest --keep verified backups of the salon "
        "and deletes older ones. This computer's settings (salonkeep.toml, the secret key) "
        "are never part of a backup."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--business",
            metavar="SLUG",
            help="The salon to back up; may be left out when there is only one.",
        )
        parser.add_argument(
            "--to",
            metavar="FOLDER",
            help="The backup location (default: the backups folder in the data folder).",
        )
        parser.add_argument(
            "--keep",
            metavar="N",
            type=positive_whole_number,
            default=DEFAULT_KEEP,
            help=f"How many verified backups of the salon to keep (default {DEFAULT_KEEP}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        business = choose_business(options["business"])
        try:
            outcome = take_backup(
                business,
                location_from(options["to"]),
                trigger="manual",
                keep=options["keep"],
                progress=LongRunProgress(self.stderr.write),
            )
        except BackupError as error:
            raise CommandError(f"No backup was made. {error}") from None
        for warning in outcome.warnings:
            self.stderr.write(warning)
        self.stdout.write(str(outcome.path))
