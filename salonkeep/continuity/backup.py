"""Taking a backup of one business: snapshot, manifest, atomic publication, retention.

The database is first built in a working folder inside the data folder (SQLite on a
network share or a slow USB stick is neither safe nor quick to build in), then copied
to the backup location, verified there, and published. See docs/backup-format.md.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from salonkeep import __version__
from salonkeep.accounts.models import Business
from salonkeep.continuity.bucket import BucketError, BucketLocation, Location
from salonkeep.continuity.bucket_backups import prune_bucket_backups, publish_to_bucket
from salonkeep.continuity.encryption import (
    ENCRYPTED_DATA_FILE,
    ENCRYPTION_SCHEME,
    PassphraseError,
    check_new_passphrase,
    encrypt_file,
)
from salonkeep.continuity.manifest import DATA_FILE, TRIGGERS, FileEntry, Manifest
from salonkeep.continuity.photo_encryption import encrypt_photos
from salonkeep.continuity.photos import PhotoError, hash_file, live_photo, referenced_photos
from salonkeep.continuity.publish import PublishError, publish_backup
from salonkeep.continuity.retention import DEFAULT_KEEP, prune_old_backups
from salonkeep.continuity.snapshot import Progress, SnapshotError, write_snapshot
from salonkeep.continuity.tables import UnclassifiedTables
from salonkeep.continuity.verify import verify_backup
from salonkeep.continuity.work_folders import mark_in_use, remove_stale_work_folders

WORK_FOLDER = "tmp"


class BackupError(Exception):
    """No backup was made; the message says why. Earlier backups are untouched."""


@dataclass
class BackupOutcome:
    path: Path | BucketLocation
    manifest: Manifest
    seconds: float
    pruned: list[Path | BucketLocation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def default_location() -> Path:
    return Path(settings.SALONKEEP_HOME) / "backups"


def make_work_folder(prefix: str) -> Path:
    """A private folder inside the data folder for building or unpacking a database."""
    parent = Path(settings.SALONKEEP_HOME) / WORK_FOLDER
    # Every backup, restore and upload starts here: the moment to clear what killed
    # processes left behind (work_folders.py says why that is safe).
    remove_stale_work_folders()
    try:
        parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        mark_in_use(folder)
        return folder
    except OSError as error:
        raise BackupError(
            f"Cannot create a working folder in {parent}: {error.strerror or error}"
        ) from None


def take_backup(
    business: Business,
    location: Location | None = None,
    *,
    trigger: str = "manual",
    keep: int | None = DEFAULT_KEEP,
    progress: Progress | None = None,
    passphrase: str | None = None,
) -> BackupOutcome:
    """Back up ``business`` into ``location`` (default: the data folder's ``backups``)
    and return the verified, published backup. ``keep``: how many verified backups of
    this business to keep afterwards (None: delete none). ``passphrase``: encrypt the
    database (see encryption.py); it is held in memory only. Raises BackupError."""
    if trigger not in TRIGGERS:
        raise ValueError(f"trigger must be one of {TRIGGERS}")
    if keep is not None and keep < 1:
        raise BackupError("--keep must be at least 1: the newest backup is always kept.")
    if passphrase is not None:
        try:
            check_new_passphrase(passphrase)
        except PassphraseError as error:
            raise BackupError(str(error)) from None
    say = progress or (lambda message: None)
    location = location or default_location()
    started = time.monotonic()
    work = make_work_folder("backup-")
    try:
        data_file = work / DATA_FILE
        snapshot = write_snapshot(business.pk, data_file, say)
        # As of the snapshot's instant: the photos its rows refer to, all present now.
        photos = referenced_photos(data_file)
        for sha256, size in photos.items():
            live_photo(sha256, size)
        published_file = data_file
        extra_files: list[Path] = []
        shared_photos = photos
        if passphrase is not None:
            # Encrypted photos travel inside the backup, never in the plain shared folder.
            say("Encrypting photos")
            extra_files = encrypt_photos(photos, work, passphrase)
            shared_photos = {}
            say("Encrypting")
            published_file = work / ENCRYPTED_DATA_FILE
            try:
                encrypt_file(data_file, published_file, passphrase)
                data_file.unlink()
            except OSError as error:
                raise BackupError(
                    f"The backup could not be encrypted: {error.strerror or error}"
                ) from None

        def make_manifest(data: FileEntry) -> Manifest:
            return Manifest(
                app_version=__version__,
                created_at=snapshot.taken_at,
                trigger=trigger,
                business=snapshot.business,
                migrations=snapshot.migrations,
                row_counts=snapshot.row_counts,
                files={
                    published_file.name: data,
                    **{extra.name: FileEntry(*hash_file(extra)) for extra in extra_files},
                },
                detached_references=snapshot.detached_references,
                encryption=ENCRYPTION_SCHEME if passphrase is not None else None,
                photos=photos,
            )

        say(f"Writing to {location} and verifying")
        in_bucket = isinstance(location, BucketLocation)
        publish = publish_to_bucket if in_bucket else publish_backup
        path, manifest = publish(
            location,  # type: ignore[arg-type]  # each publish takes its own kind
            snapshot.business.slug,
            published_file,
            make_manifest,
            # A bucket's photos are checked there; its read-back folder has none.
            lambda folder: (
                verify_backup(folder, passphrase=passphrase, check_photos=not in_bucket).problems
            ),
            shared_photos,
            extra_files,
        )
    except (SnapshotError, PublishError, UnclassifiedTables, PhotoError) as error:
        raise BackupError(str(error)) from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    outcome = BackupOutcome(path, manifest, time.monotonic() - started)
    if keep is not None:
        slug = manifest.business.slug
        try:
            if isinstance(location, BucketLocation):
                outcome.pruned = list(prune_bucket_backups(location, slug, keep))
            else:
                outcome.pruned = list(prune_old_backups(location, slug, keep))
        except OSError as error:
            # The new backup is safe; old ones are merely not deleted this time.
            outcome.warnings.append(f"Old backups were not pruned: {error.strerror or error}")
        except BucketError as error:
            outcome.warnings.append(f"Old backups were not pruned: {error}")
    return outcome
