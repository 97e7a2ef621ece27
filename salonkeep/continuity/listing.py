"""What backups a backup location holds.

A location has one folder per business (named by its slug) holding one folder per
backup. Unfinished (``.incoming-*``) and half-removed (``.removing-*``) folders start
with a dot and are never listed: a reader never sees half a backup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from salonkeep.continuity.bucket import BucketLocation
from salonkeep.continuity.manifest import Manifest
from salonkeep.continuity.verify import verify_backup

BACKUP_FOLDER = re.compile(
    r"(?P<stamp>\d{8}T\d{6}Z)-(?P<trigger>schedule|on_exit|manual|before_restore)(?:-\d+)?"
)


@dataclass
class BackupEntry:
    path: Path | BucketLocation  # a folder, or a backup in a bucket
    slug: str
    created_at: datetime
    trigger: str
    size: int
    verified: bool
    problems: list[str] = field(default_factory=list)
    manifest: Manifest | None = None

    @property
    def sort_key(self) -> tuple[datetime, str]:
        return self.created_at, self.path.name


def business_folders(location: Path) -> list[Path]:
    if not location.is_dir():
        return []
    return sorted(
        folder
        for folder in location.iterdir()
        if folder.is_dir() and not folder.name.startswith(".")
    )


def _folder_size(folder: Path) -> int:
    total = 0
    for item in folder.iterdir():
        try:
            total += item.stat().st_size
        except OSError:
            continue
    return total


def read_entry(folder: Path, *, thorough: bool) -> BackupEntry | None:
    """The backup in ``folder``, or None when the folder is not named like one."""
    match = BACKUP_FOLDER.fullmatch(folder.name)
    if match is None or not folder.is_dir():
        return None
    result = verify_backup(folder, thorough=thorough)
    manifest = result.manifest
    named_at = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return BackupEntry(
        path=folder,
        slug=folder.parent.name,
        created_at=manifest.created_at if manifest else named_at,
        trigger=manifest.trigger if manifest else match["trigger"],
        size=_folder_size(folder),
        verified=result.ok,
        problems=result.problems,
        manifest=manifest,
    )


def list_backups(
    location: Path, slug: str | None = None, *, thorough: bool = True
) -> list[BackupEntry]:
    """Backups in ``location`` (of one business, or of all), newest first.

    ``thorough`` runs the full verification on each; otherwise only the quick check
    (manifest, files present with the right sizes)."""
    folders = [location / slug] if slug is not None else business_folders(location)
    entries = []
    for business_folder in folders:
        if not business_folder.is_dir():
            continue
        for folder in business_folder.iterdir():
            entry = read_entry(folder, thorough=thorough)
            if entry is not None:
                entries.append(entry)
    return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)
