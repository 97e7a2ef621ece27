"""`salonkeep restore`: put one salon's data back from a backup."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salonkeep.accounts.models import Business
from salonkeep.continuity.command_line import (
    LongRunProgress,
    add_passphrase_argument,
    backup_folder_for_command,
    location_from,
    passphrase_from,
)
from salonkeep.continuity.restore import RestoreError, restore_backup
from salonkeep.continuity.verify import verify_backup


def stdin_is_terminal() -> bool:
    return sys.stdin.isatty()


class Command(BaseCommand):
    help = (
        "Restore one salon from a backup folder. Everything is checked first (the backup "
        "verifies, it is not from a newer Salonkeep, it is the same salon, nothing in it "
        "belongs to another salon here); then a safety backup of the salon as it is now is "
        "taken (trigger before_restore), and the salon's data is replaced by the backup's "
        "in one transaction. Into an empty installation, the salon is created. Works into "
        "SQLite and PostgreSQL alike: restoring is also how an installation moves from one "
        "to the other. Changes made since the backup are lost (they stay in the safety "
        "backup)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            metavar="PATH",
            help="The backup's folder, a .salonkeep file downloaded from the backups page, or a "
            "backup in a bucket: s3://BUCKET/PREFIX/SLUG/NAME (as `salonkeep backups` lists).",
        )
        parser.add_argument(
            "--business",
            metavar="SLUG",
            help="The salon to replace; the restore is refused unless the backup is of it.",
        )
        parser.add_argument(
            "--to",
            metavar="FOLDER",
            help="Where the safety backup goes (default: the backups folder in the data folder).",
        )
        parser.add_argument(
            "--yes", action="store_true", help="Do not ask for confirmation (for scripts)."
        )
        add_passphrase_argument(
            parser,
            "The passphrase of an encrypted backup (one with data.sqlite3.age); a wrong one "
            "is refused and nothing changes. With - (standard input), add --yes.",
        )

    def confirm(self, path: Path) -> None:
        manifest = verify_backup(path, thorough=False).manifest
        if manifest is None:
            return  # the restore itself refuses it, with every reason
        info = manifest.business
        live = Business.objects.filter(pk=info.id).first()
        action = f"REPLACE all data of {live.name} ({live.slug})" if live else "CREATE"
        question = (
            f"This will {action} with the backup of {info.name} ({info.slug}) taken "
            f"{manifest.created_at:%Y-%m-%d %H:%M} UTC. Type yes to go on: "
        )
        if not stdin_is_terminal():
            raise CommandError("Add --yes to restore without a terminal to confirm at.")
        if input(question).strip().lower() != "yes":
            raise CommandError("Nothing was restored.")

    def handle(self, *args: Any, **options: Any) -> None:
        with backup_folder_for_command(options["path"]) as path:
            self.restore(path, options)

    def restore(self, path: Path, options: dict[str, Any]) -> None:
        passphrase = passphrase_from(options["passphrase_file"])
        if not options["yes"]:
            self.confirm(path)
        try:
            outcome = restore_backup(
                path,
                business_slug=options["business"],
                safety_location=location_from(options["to"]),
                progress=LongRunProgress(self.stderr.write),
                passphrase=passphrase,
            )
        except RestoreError as error:
            raise CommandError(f"Nothing was restored. {error}") from None
        business = outcome.business
        rows = sum(outcome.row_counts.values())
        self.stdout.write(f"Restored {business.name} ({business.slug}): {rows:,} rows from {path}")
        if outcome.migrated:
            self.stdout.write(f"Brought up to date: {', '.join(outcome.migrated)}")
        if outcome.safety_backup:
            self.stdout.write(f"Safety backup of the data replaced: {outcome.safety_backup}")
