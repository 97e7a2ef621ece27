"""`salonkeep verify`: check one backup folder end to end."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salonkeep.continuity.verify import verify_backup


class Command(BaseCommand):
    help = (
        "Check a backup folder end to end: the manifest is readable and of a known format, "
        "every file matches its size and SHA-256 checksum, SQLite's integrity check passes, "
        "the rows per table are those the manifest lists, and the database holds the salon "
        "the manifest names. Prints OK and exits 0, or prints every problem and exits 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", metavar="PATH", help="The backup's folder.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"]).expanduser()
        result = verify_backup(path)
        manifest = result.manifest
        if not result.ok or manifest is None:
            for problem in result.problems:
                self.stderr.write(f"  - {problem}")
            raise CommandError(
                f"{path} is not a usable backup ({len(result.problems)} problem(s))."
            )
        self.stdout.write(
            f"OK {path}: {manifest.business.name} ({manifest.business.slug}), taken "
            f"{manifest.created_at:%Y-%m-%d %H:%M:%S} UTC ({manifest.trigger}), "
            f"{manifest.total_rows:,} rows in {len(manifest.row_counts)} tables"
        )
