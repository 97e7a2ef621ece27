"""`salonkeep backup`: back up one salon now."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salonkeep.continuity.command_line import (
    LongRunProgress,
    add_passphrase_argument,
    choose_business,
    location_from,
    passphrase_from,
    positive_whole_number,
)
from salonkeep.continuity.runs import run_backup


class Command(BaseCommand):
    help = (
        "Back up one salon's data now: every table of business data as of one instant, "
        "verified before it counts, into FOLDER/<salon>/<UTC time>-manual/. Prints the "
        "folder of the new backup. Keeps the newest --keep verified backups of the salon "
        "and deletes older ones. The attempt is recorded like any other backup (the "
        "backups page shows it). This computer's settings (salonkeep.toml, the secret key) "
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
            metavar="LOCATION",
            help=(
                "The backup location: a folder, or an S3-compatible bucket as "
                "s3://BUCKET/PREFIX (server and credentials: the s3_* settings). Default: "
                "the salon's configured backup location, normally the backups folder in "
                "the data folder."
            ),
        )
        parser.add_argument(
            "--keep",
            metavar="N",
            type=positive_whole_number,
            help=(
                "How many verified backups of the salon to keep (default: the salon's "
                "backup settings, 25 unless changed)."
            ),
        )
        add_passphrase_argument(
            parser,
            "Encrypt the backup with a passphrase (at least 8 characters), for copies that "
            "leave the building: it then holds data.sqlite3.age instead of data.sqlite3, "
            "and verify and restore need the same passphrase. Without the passphrase the "
            "backup cannot be restored by anyone, including you.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        business = choose_business(options["business"])
        passphrase = passphrase_from(options["passphrase_file"], new=True)
        # Through run_backup, so the attempt is recorded (and shown) like any other.
        run, outcome = run_backup(
            business,
            "manual",
            location=location_from(options["to"]) if options["to"] else None,
            keep=options["keep"],
            progress=LongRunProgress(self.stderr.write),
            passphrase=passphrase,
        )
        if outcome is None:
            raise CommandError(f"No backup was made. {run.error}")
        for warning in outcome.warnings:
            self.stderr.write(warning)
        self.stdout.write(str(outcome.path))
