"""Where the standby finds snapshots: a backup location, read and never written.

A source answers two questions: which salons does the location hold, and "give me a
verified copy of this salon's newest snapshot, if newer than the one I have". The copy
lands in the standby's own data folder and is verified THERE (checksums, SQLite
integrity, row counts, business), so what is served is exactly what was checked, is
never changed or deleted underneath the server by the live system's retention, and
does not depend on a network share staying up.

Folder locations hold retained backups (``<slug>/<stamp>-<trigger>/``) and the
frequent standby snapshots (``.standby/<slug>/<stamp>-schedule/``); the newest verified
one of either kind wins. s3:// locations hold the same two kinds and are read through
``salonkeep.continuity.locations``.
"""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from salonkeep.continuity.bucket import download, make_client
from salonkeep.continuity.listing import BACKUP_FOLDER, business_folders
from salonkeep.continuity.locations import (
    BucketError,
    BucketLocation,
    list_location_backups,
    open_location,
)
from salonkeep.continuity.manifest import DATA_FILE, MANIFEST_FILE, SUMS_FILE, Manifest
from salonkeep.continuity.verify import verify_backup
from salonkeep.standby.bucket_snapshots import read_bucket_confirmed, standby_place
from salonkeep.standby.publishing import CONFIRMED_FILE, STANDBY_FOLDER, read_confirmed

logger = logging.getLogger(__name__)


@dataclass
class Fetched:
    """A verified local copy of one snapshot."""

    folder: Path  # the local copy
    manifest: Manifest
    origin: str  # where it came from, for logs and the status line


@dataclass
class FetchReport:
    fetched: Fetched | None = None
    # (origin, reason) for every newer snapshot that was refused.
    refused: list[tuple[str, str]] = field(default_factory=list)
    # (origin, reason) for those that could not be read this time (tried again later).
    unreadable: list[tuple[str, str]] = field(default_factory=list)


class SnapshotSource(Protocol):
    @property
    def description(self) -> str: ...

    def slugs(self) -> list[str]: ...

    def fetch_newest(
        self, slug: str, newer_than: datetime | None, into: Path, skip: set[str]
    ) -> FetchReport: ...

    def confirmed_at(self, slug: str, origin: str) -> datetime | None: ...


def _stamp(name: str) -> datetime | None:
    match = BACKUP_FOLDER.fullmatch(name)
    if match is None:
        return None
    return datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)


class CopyFailed(OSError):
    """The snapshot could not be copied this time (a share that went away, say)."""


def verified_copy(folder: Path, into: Path, slug: str) -> tuple[Manifest | None, list[str]]:
    """Copy a backup folder's files into ``into`` and verify the copy; the manifest, or
    the reasons it cannot be served. Raises CopyFailed when it could not be copied."""
    into.mkdir(parents=True)
    try:
        for name in (MANIFEST_FILE, SUMS_FILE, DATA_FILE):
            if (folder / name).is_file():
                shutil.copyfile(folder / name, into / name)
    except OSError as error:
        raise CopyFailed(f"it could not be copied: {error.strerror or error}") from None
    # The standby shows no photos, and its private copy has none beside it.
    result = verify_backup(into, check_photos=False)
    problems = list(result.problems)
    manifest = result.manifest
    if manifest is not None and not problems:
        if manifest.encryption:
            problems.append("it is encrypted (the standby serves unencrypted snapshots only)")
        elif manifest.business.slug != slug:
            problems.append(
                f"it belongs to another salon ({manifest.business.slug}), "
                f"not to the folder it is in ({slug})"
            )
    return (manifest if not problems else None), problems


@dataclass
class FolderSource:
    """A backup location that is a folder (local disk, USB drive, network share)."""

    location: Path

    @property
    def description(self) -> str:
        return str(self.location)

    def slugs(self) -> list[str]:
        found = {folder.name for folder in business_folders(self.location)}
        found |= {folder.name for folder in business_folders(self.location / STANDBY_FOLDER)}
        return sorted(found)

    def _candidates(self, slug: str) -> list[tuple[datetime, str, Path]]:
        candidates = []
        for parent in (self.location / slug, self.location / STANDBY_FOLDER / slug):
            if not parent.is_dir():
                continue
            for folder in parent.iterdir():
                stamp = _stamp(folder.name)
                if stamp is not None and folder.is_dir():
                    origin = str(folder.relative_to(self.location))
                    candidates.append((stamp, origin, folder))
        return sorted(candidates, reverse=True)

    def fetch_newest(
        self, slug: str, newer_than: datetime | None, into: Path, skip: set[str]
    ) -> FetchReport:
        """The newest snapshot of ``slug`` newer than ``newer_than`` that verifies.
        Snapshots named in ``skip`` (served or refused before) are not tried again;
        those found not to be newer are added to it."""
        report = FetchReport()
        # Folder names have whole seconds: one named in the same second may be newer.
        cutoff = newer_than.replace(microsecond=0) if newer_than is not None else None
        for attempt, (stamp, origin, folder) in enumerate(self._candidates(slug)):
            if cutoff is not None and stamp < cutoff:
                break
            if origin in skip:
                continue
            copy = into / f"copy-{attempt}"
            try:
                manifest, problems = verified_copy(folder, copy, slug)
            except CopyFailed as error:
                shutil.rmtree(copy, ignore_errors=True)
                report.unreadable.append((origin, str(error)))
                continue
            if manifest is not None and (newer_than is None or manifest.created_at > newer_than):
                report.fetched = Fetched(copy, manifest, origin)
                return report
            shutil.rmtree(copy, ignore_errors=True)
            if problems:
                report.refused.append((origin, "; ".join(problems)))
            else:
                skip.add(origin)  # good but not newer: no need to copy it again
        return report

    def confirmed_at(self, slug: str, origin: str) -> datetime | None:
        """When the live system last confirmed that snapshot ``origin`` still held its
        current data (see publishing.py); None when it did not."""
        folder = self.location / STANDBY_FOLDER / slug
        confirmed = read_confirmed(folder)
        if confirmed is None or f"{STANDBY_FOLDER}/{slug}/{confirmed['snapshot']}" != origin:
            return None
        try:
            moment = datetime.fromisoformat(confirmed["confirmed_at"])
        except ValueError:
            logger.warning("Ignoring %s: unreadable time", folder / CONFIRMED_FILE)
            return None
        return moment.astimezone(UTC) if moment.tzinfo else None


@dataclass
class BucketSource:
    """An s3:// location, read with the continuity area's bucket support
    (continuity/locations.py): retained backups (``<slug>/``) and the frequent standby
    snapshots (``.standby/<slug>/``, see bucket_snapshots.py); the newest verified one of
    either kind wins. Only published ones are listed (manifest.json is uploaded last)."""

    location: BucketLocation
    salons: list[str]

    @property
    def description(self) -> str:
        return str(self.location)

    def _places(self) -> tuple[BucketLocation, BucketLocation]:
        return self.location, self.location.child(STANDBY_FOLDER)

    def slugs(self) -> list[str]:
        if self.salons:
            return list(self.salons)
        try:
            entries = [
                entry
                for place in self._places()
                for entry in list_location_backups(place, thorough=False)
            ]
        except BucketError as error:
            raise OSError(str(error)) from None
        return sorted({entry.slug for entry in entries})

    def fetch_newest(
        self, slug: str, newer_than: datetime | None, into: Path, skip: set[str]
    ) -> FetchReport:
        """As FolderSource.fetch_newest; the quick listing comes first, so nothing is
        downloaded while nothing is newer."""
        report = FetchReport()
        try:
            entries = [
                entry
                for place in self._places()
                for entry in list_location_backups(place, slug, thorough=False)
            ]
        except BucketError as error:
            raise OSError(str(error)) from None
        entries.sort(key=lambda entry: entry.created_at, reverse=True)
        for attempt, entry in enumerate(entries):
            if newer_than is not None and entry.created_at <= newer_than:
                break
            origin = str(entry.path)
            if origin in skip or not isinstance(entry.path, BucketLocation):
                continue
            if not entry.verified or entry.manifest is None:
                report.refused.append((origin, "; ".join(entry.problems) or "it is damaged"))
                continue
            if entry.manifest.encryption:
                reason = "it is encrypted (the standby serves unencrypted snapshots only)"
                report.refused.append((origin, reason))
                continue
            download = into / f"download-{attempt}"
            copy = into / f"copy-{attempt}"
            try:
                _download_database(entry.path, download)
                manifest, problems = verified_copy(download, copy, slug)
            except (BucketError, CopyFailed) as error:
                report.unreadable.append((origin, str(error)))
                continue
            finally:
                shutil.rmtree(download, ignore_errors=True)
            if manifest is not None:
                report.fetched = Fetched(copy, manifest, origin)
                return report
            shutil.rmtree(copy, ignore_errors=True)
            report.refused.append((origin, "; ".join(problems)))
        return report

    def confirmed_at(self, slug: str, origin: str) -> datetime | None:
        """As FolderSource.confirmed_at, from the bucket's confirmed.json."""
        try:
            confirmed = read_bucket_confirmed(self.location, slug)
        except BucketError as error:
            logger.warning("The confirmation of %s could not be read: %s", slug, error)
            return None
        if confirmed is None:
            return None
        snapshot = standby_place(self.location, slug).child(confirmed["snapshot"])
        if str(snapshot) != origin:
            return None
        try:
            moment = datetime.fromisoformat(confirmed["confirmed_at"])
        except ValueError:
            logger.warning("Ignoring %s's confirmation in %s: unreadable time", slug, self.location)
            return None
        return moment.astimezone(UTC) if moment.tzinfo else None


def _download_database(backup: BucketLocation, into: Path) -> None:
    """The files the standby serves from, without the photos (it shows none): a salon
    with thousands of photos costs no more to refresh than one without."""
    client = make_client()
    into.mkdir(parents=True)
    for name in (MANIFEST_FILE, SUMS_FILE, DATA_FILE):
        download(client, backup, backup.key(name), into / name)


class SourceError(Exception):
    """The location cannot be used; the message says why."""


def open_source(location: str, salons: list[str] | None = None) -> SnapshotSource:
    """The source for ``location`` as typed after --from; SourceError says what is wrong."""
    try:
        where = open_location(location)
    except ValueError as error:
        raise SourceError(str(error)) from None
    if isinstance(where, BucketLocation):
        return BucketSource(where, list(salons or []))
    if not where.is_dir():
        raise SourceError(f"The backup location {where} is not a folder (is the share mounted?).")
    return FolderSource(where)
