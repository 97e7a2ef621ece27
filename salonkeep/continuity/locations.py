"""Backup locations of both kinds: a folder (a Path) or a place in an S3-compatible
bucket (a BucketLocation, written ``s3://BUCKET/PREFIX``). The folder code paths are
those of publish.py, listing.py and retention.py; the bucket ones are in
bucket_backups.py. Everything that reads a backup (verify, restore, export, the
standby) works on a local folder, so a backup in a bucket is first downloaded into a
private working folder in the data folder's ``tmp``.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from salonkeep.continuity.bucket import (
    BucketError,
    BucketLocation,
    Location,
    is_bucket_address,
    parse_bucket_address,
    work_folder,
)
from salonkeep.continuity.bucket_backups import fetch_backup, list_bucket_backups
from salonkeep.continuity.listing import BackupEntry, list_backups
from salonkeep.continuity.verify import verify_backup

__all__ = [
    "BucketError",
    "BucketLocation",
    "Location",
    "fetch_latest_verified",
    "list_location_backups",
    "local_backup_folder",
    "open_location",
]


def open_location(text: str | Path) -> Location:
    """The location ``text`` names: ``s3://bucket/prefix`` or a folder path. Raises
    ValueError (with a message for the person who typed it) for a malformed address."""
    if isinstance(text, Path):
        return text
    if is_bucket_address(text):
        return parse_bucket_address(text)
    return Path(text).expanduser()


def list_location_backups(
    location: Location, slug: str | None = None, *, thorough: bool = True
) -> list[BackupEntry]:
    """Backups in a location of either kind, newest first (see list_backups). Raises
    BucketError when a bucket cannot be read."""
    if isinstance(location, BucketLocation):
        return list_bucket_backups(location, slug, thorough=thorough)
    return list_backups(location, slug, thorough=thorough)


@contextmanager
def local_backup_folder(where: Path | BucketLocation) -> Iterator[Path]:
    """The backup ``where`` as a local folder: a folder as it is; a backup in a bucket
    downloaded into a private working folder, removed afterwards. Raises BucketError."""
    if isinstance(where, Path):
        yield where
        return
    work = work_folder("fetch-")
    try:
        yield fetch_backup(where, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def fetch_latest_verified(location: Location, slug: str, into: Path) -> Path | None:
    """A local folder holding the newest backup of ``slug`` that passes the full
    verification, or None when there is none. A folder location's backup is returned
    in place; a bucket's is downloaded into ``into`` (which the caller owns and cleans
    up). Encrypted backups are skipped: nothing can open them without the passphrase.
    Raises BucketError when a bucket cannot be read."""
    for entry in list_location_backups(location, slug, thorough=False):
        if not entry.verified or entry.manifest is None or entry.manifest.encryption:
            continue
        if isinstance(entry.path, Path):
            if verify_backup(entry.path).ok:
                return entry.path
            continue
        target = into / entry.path.name
        if target.exists():
            shutil.rmtree(target)
        folder = fetch_backup(entry.path, into)
        if verify_backup(folder).ok:
            return folder
        shutil.rmtree(folder, ignore_errors=True)
    return None
