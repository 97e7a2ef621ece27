"""`salonkeep verify`: check one backup folder end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salonkeep.continuity.command_line import (
    add_passphrase_argument,
    backup_folder_for_command,
    passphrase_from,
)
from salonkeep.continuity.encryption import WRONG_PASSPHRASE
from salonkeep.continuity.verify import verify_backup

# Checksums match but an encrypted backup's contents were not checked: neither a
# failure (1) nor the all-clear (0), so a script cannot mistake it for either.
CONTENTS_UNCHECKED = 3


class Command(BaseCommand):
    help = (
        "Check a backup folder end to end: the manifest is readable and of a known format, "
        "every file matches its size and SHA-256 checksum, SQLite's integrity check passes, "
        "the rows per table are those the manifest lists, and the database holds the salon "
        "the manifest names. Prints OK and exits 0, or prints every problem and exits 1. "
        "An encrypted backup checked without --passphrase-file has only its manifest and "
        'checksums checked: that exits 3 ("contents not checked: encrypted").'
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "path",
            metavar="PATH",
            help="The backup's folder, a .salonkeep file downloaded from the backups page, or a "
            "backup in a bucket: s3://BUCKET/PREFIX/SLUG/NAME (as `salonkeep backups` lists).",
        )
        parser.add_argument(
            "--full",
            action="store_true",
            help="Also re-read every client photo the backup lists and check its SHA-256 "
            "(without it, each photo is checked to be there at its size).",
        )
        add_passphrase_argument(
            parser,
            "The passphrase of an encrypted backup, to decrypt it (into a private working "
            "folder that is removed afterwards) and check its contents too.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with backup_folder_for_command(options["path"]) as path:
            self.verify(path, options)

    def verify(self, path: Path, options: dict[str, Any]) -> None:
        passphrase = passphrase_from(options["passphrase_file"])
        result = verify_backup(path, passphrase=passphrase, full=options["full"])
        manifest = result.manifest
        if result.problems == [WRONG_PASSPHRASE]:
            raise CommandError(
                f"Wrong passphrase: it does not decrypt {path} (the checksums are OK)."
            )
        if not result.ok or manifest is None:
            for problem in result.problems:
                self.stderr.write(f"  - {problem}")
            raise CommandError(
                f"{path} is not a usable backup ({len(result.problems)} problem(s))."
            )
        if result.contents_unchecked:
            raise CommandError(
                f"Checksums OK {path}; contents not checked: {result.contents_unchecked}.",
                returncode=CONTENTS_UNCHECKED,
            )
        self.stdout.write(
            f"OK {path}: {manifest.business.name} ({manifest.business.slug}), taken "
            f"{manifest.created_at:%Y-%m-%d %H:%M:%S} UTC ({manifest.trigger}), "
            f"{manifest.total_rows:,} rows in {len(manifest.row_counts)} tables, "
            f"{len(manifest.photos)} photo(s)" + (", encrypted" if manifest.encryption else "")
        )
