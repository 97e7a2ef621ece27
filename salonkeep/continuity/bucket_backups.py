"""Backups in an S3-compatible bucket: publishing, listing, retention and fetching.

A bucket location is laid out like a folder one (``<prefix>/<slug>/<NAME>/`` holding
``data.sqlite3``, ``SHA256SUMS`` and ``manifest.json``), but S3 has no rename, so
"published" is defined by ``manifest.json``: it is uploaded LAST, only after every other
file was uploaded, its size read back, and the whole backup downloaded again and
verified. A backup without ``manifest.json`` is never listed, restored or counted;
an upload cut off mid-way therefore leaves nothing listed, and its leftovers are removed
by a later backup once they are an hour old. Retention deletes ``manifest.json`` first,
so a half-deleted backup is never listed either. See docs/backup-format.md.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from salonkeep.continuity.bucket import (
    BucketError,
    BucketLocation,
    check_bucket,
    delete_objects,
    download,
    list_objects,
    make_client,
    read_text,
    upload,
    work_folder,
)
from salonkeep.continuity.listing import BACKUP_FOLDER, BackupEntry
from salonkeep.continuity.manifest import (
    MANIFEST_FILE,
    PHOTOS_FOLDER,
    SUMS_FILE,
    FileEntry,
    Manifest,
    ManifestError,
    parse_manifest,
    sha256_of,
    sums_text,
)
from salonkeep.continuity.photos import (
    PhotoError,
    hash_file,
    live_photo,
    photo_file,
    short,
)
from salonkeep.continuity.publish import STALE_INCOMING_SECONDS, PublishError, folder_name
from salonkeep.continuity.retention import plan_retention
from salonkeep.continuity.verify import verify_backup

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

SMALL_FILE_LIMIT = 1024 * 1024  # manifest.json and SHA256SUMS are a few kilobytes

# Objects of one location, grouped: (slug, backup name) -> {file name: (size, mtime)}.
Grouped = dict[tuple[str, str], dict[str, tuple[int, float]]]
PhotoSizes = dict[tuple[str, str], int]


def _grouped(where: BucketLocation, objects: dict[str, tuple[int, float]]) -> Grouped:
    groups: Grouped = {}
    start = len(where.folder_key())
    for key, details in objects.items():
        parts = key[start:].split("/")
        if len(parts) == 3 and all(parts):
            groups.setdefault((parts[0], parts[1]), {})[parts[2]] = details
    return groups


def remove_unpublished(
    client: S3Client, location: BucketLocation, slug: str, now: float | None = None
) -> list[str]:
    """Delete backups of ``slug`` without manifest.json (cut off, or half deleted) that
    no running backup can still be writing; returns their names."""
    moment = time.time() if now is None else now
    business = location.child(slug)
    removed = []
    for (_, name), files in _grouped(location, list_objects(client, business)).items():
        # Only what is named like a backup: other things may share the salon's folder.
        if MANIFEST_FILE in files or BACKUP_FOLDER.fullmatch(name) is None:
            continue
        if moment - max(mtime for _, mtime in files.values()) > STALE_INCOMING_SECONDS:
            delete_objects(client, location, [business.key(name, file) for file in files])
            removed.append(name)
    return removed


def _free_name(existing: set[str], wanted: str) -> str:
    for attempt in range(1, 100):
        candidate = wanted if attempt == 1 else f"{wanted}-{attempt}"
        if candidate not in existing:
            return candidate
    raise PublishError(f"Too many backups named {wanted}.")


def publish_to_bucket(
    location: BucketLocation,
    slug: str,
    data_file: Path,
    make_manifest: Callable[[FileEntry], Manifest],
    verify: Callable[[Path], list[str]],
    photos: dict[str, int] | None = None,
    extra_files: list[Path] | None = None,
) -> tuple[BucketLocation, Manifest]:
    """Upload ``data_file`` and its manifest as a new backup of ``slug``; returns where
    it is and its manifest. Raises PublishError; earlier backups are never touched."""
    business = location.child(slug)
    work = None
    uploaded: list[str] = []
    client = None
    try:
        client = make_client()
        check_bucket(client, location)
        remove_unpublished(client, location, slug)
        work = work_folder("upload-")
        entry = FileEntry(sha256_of(data_file), data_file.stat().st_size)
        manifest = make_manifest(entry)
        names = {name for _, name in _grouped(location, list_objects(client, business))}
        name = _free_name(names, folder_name(manifest.created_at, manifest.trigger))
        backup = business.child(name)
        manifest_file = work / MANIFEST_FILE
        manifest_file.write_text(manifest.to_json(), encoding="utf-8", newline="\n")
        sums_file = work / SUMS_FILE
        sums = {data_file.name: entry.sha256, MANIFEST_FILE: sha256_of(manifest_file)}
        sums_file.write_text(sums_text(sums), encoding="utf-8", newline="\n")
        _upload_photos(client, location, slug, photos or {})
        own_files = [data_file, *(extra_files or []), sums_file]
        for source in own_files:
            uploaded.append(backup.key(source.name))
            upload(client, location, backup.key(source.name), source)
        # Read back what the bucket now holds and check it like any backup folder.
        readback = work / "readback"
        readback.mkdir()
        for source in own_files:
            download(client, location, backup.key(source.name), readback / source.name)
        shutil.copyfile(manifest_file, readback / MANIFEST_FILE)
        problems = verify(readback)
        if problems:
            raise PublishError(
                "The backup was uploaded but did not verify when read back, so it was "
                "discarded: " + "; ".join(problems)
            )
        # The marker: from this moment on the backup exists. Should its upload seem to
        # fail, it is deleted first, then the rest.
        uploaded.insert(0, backup.key(MANIFEST_FILE))
        upload(client, location, backup.key(MANIFEST_FILE), manifest_file)
        uploaded = []
        return backup, manifest
    except BucketError as error:
        raise PublishError(f"Writing the backup to {location} failed: {error}") from error
    except PhotoError as error:
        raise PublishError(str(error)) from error
    except OSError as error:
        raise PublishError(f"Preparing the upload failed: {error.strerror or error}") from error
    finally:
        if uploaded and client is not None:
            # Unlisted without manifest.json even if this fails; a later backup removes them.
            with contextlib.suppress(BucketError):
                delete_objects(client, location, uploaded[:1])
                delete_objects(client, location, uploaded[1:])
        if work is not None:
            shutil.rmtree(work, ignore_errors=True)


def _photo_sizes(location: BucketLocation, objects: dict[str, tuple[int, float]]) -> PhotoSizes:
    """The photos in the shared photos folders: (slug, SHA-256) -> size."""
    sizes: PhotoSizes = {}
    start = len(location.folder_key())
    for key, (size, _) in objects.items():
        parts = key[start:].split("/")
        if len(parts) == 4 and parts[1] == PHOTOS_FOLDER and parts[3].startswith(parts[2]):
            sizes[(parts[0], parts[3])] = size
    return sizes


def _upload_photos(
    client: S3Client, location: BucketLocation, slug: str, photos: dict[str, int]
) -> None:
    """Upload the photos the salon's shared photos folder lacks (or has at a wrong size);
    Content-MD5 makes the server refuse one changed on the way."""
    if not photos:
        return
    folder = location.child(slug, PHOTOS_FOLDER)
    present = _photo_sizes(location, list_objects(client, folder))
    for sha256, size in sorted(photos.items()):
        if present.get((slug, sha256)) == size:
            continue
        try:
            source = live_photo(sha256, size)
            if hash_file(source) != (sha256, size):
                raise PhotoError(f"The client photo {short(sha256)} in the photo store is damaged.")
            upload(client, location, folder.key(sha256[:2], sha256), source)
        except FileNotFoundError:
            raise PhotoError(
                f"The client photo {short(sha256)} disappeared from the photo store while "
                "the backup was being made, so no backup was made."
            ) from None


def _quick_problems(
    client: S3Client,
    backup: BucketLocation,
    files: dict[str, tuple[int, float]],
    photo_sizes: PhotoSizes,
) -> tuple[Manifest | None, list[str]]:
    """The manifest and whether every file is there at its size (not read through)."""
    try:
        manifest = parse_manifest(
            read_text(client, backup, backup.key(MANIFEST_FILE), SMALL_FILE_LIMIT)
        )
    except (ManifestError, BucketError) as error:
        return None, [str(error)]
    problems = []
    if SUMS_FILE not in files:
        problems.append(f"{SUMS_FILE} is missing")
    for name, entry in manifest.files.items():
        if name not in files:
            problems.append(f"{name} is missing")
        elif files[name][0] != entry.size:
            problems.append(
                f"{name} is {files[name][0]:,} bytes, the manifest says {entry.size:,} "
                "(cut short or overwritten)"
            )
    slug = backup.prefix.split("/")[-2]
    shared = {} if manifest.encryption else manifest.photos  # else they are in files
    for sha256, size in sorted(shared.items()):
        found = photo_sizes.get((slug, sha256))
        if found is None:
            problems.append(f"photo {short(sha256)} is missing from the bucket")
        elif found != size:
            problems.append(f"photo {short(sha256)} is {found:,} bytes, the manifest says {size:,}")
    return manifest, problems


def list_bucket_backups(
    location: BucketLocation, slug: str | None = None, *, thorough: bool = True
) -> list[BackupEntry]:
    """Published backups in the bucket location (of one business, or of all), newest
    first. ``thorough`` downloads each one and runs the full verification. Raises
    BucketError when the bucket cannot be read."""
    client = make_client()
    scope = location.child(slug) if slug is not None else location
    objects = list_objects(client, scope)
    groups = _grouped(location, objects)
    photo_sizes = _photo_sizes(location, objects)
    entries = []
    for (business_slug, name), files in groups.items():
        match = BACKUP_FOLDER.fullmatch(name)
        if match is None or MANIFEST_FILE not in files:
            continue
        backup = location.child(business_slug, name)
        if thorough:
            work = work_folder("check-")
            try:
                result = verify_backup(fetch_backup(backup, work), full=True)
            finally:
                shutil.rmtree(work, ignore_errors=True)
            manifest, problems = result.manifest, result.problems
        else:
            manifest, problems = _quick_problems(client, backup, files, photo_sizes)
        named_at = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        entries.append(
            BackupEntry(
                path=backup,
                slug=business_slug,
                created_at=manifest.created_at if manifest else named_at,
                trigger=manifest.trigger if manifest else match["trigger"],
                size=sum(size for size, _ in files.values()),
                verified=not problems,
                problems=problems,
                manifest=manifest,
            )
        )
    return sorted(entries, key=lambda entry: entry.sort_key, reverse=True)


def prune_bucket_backups(location: BucketLocation, slug: str, keep: int) -> list[BucketLocation]:
    """Retention in a bucket: the same rules as in a folder (see retention.py)."""
    client = make_client()
    entries = list_bucket_backups(location, slug, thorough=False)
    doomed = plan_retention(entries, keep, lambda entry: entry.verified)
    removed = []
    for entry in doomed:
        assert isinstance(entry.path, BucketLocation)
        backup = entry.path
        keys = list(list_objects(client, backup))
        marker = backup.key(MANIFEST_FILE)
        # The marker first: the backup leaves every listing at once, even if deleting
        # the rest is interrupted (a later backup removes those leftovers).
        delete_objects(client, backup, [marker])
        delete_objects(client, backup, [key for key in keys if key != marker])
        removed.append(backup)
    kept = [entry for entry in entries if entry not in doomed]
    if removed and all(entry.manifest is not None for entry in kept):
        # Photos no remaining backup lists; skipped if any manifest is unreadable.
        wanted = {sha for entry in kept if entry.manifest for sha in entry.manifest.photos}
        folder = location.child(slug, PHOTOS_FOLDER)
        unused = [
            folder.key(sha[:2], sha)
            for (_, sha) in _photo_sizes(location, list_objects(client, folder))
            if sha not in wanted
        ]
        delete_objects(client, location, unused)
    return removed


def fetch_backup(backup: BucketLocation, into: Path) -> Path:
    """Download the published backup at ``backup`` into ``into/<NAME>`` and return that
    folder, ready for verify_backup / restore_backup. Raises BucketError."""
    client = make_client()
    files = {key.rsplit("/", 1)[-1] for key in list_objects(client, backup)}
    if MANIFEST_FILE not in files:
        raise BucketError(f"There is no published backup at {backup}.")
    folder = into / backup.name
    folder.mkdir(parents=True)
    download(client, backup, backup.key(MANIFEST_FILE), folder / MANIFEST_FILE)
    try:
        manifest = parse_manifest((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
        wanted = set(manifest.files)
    except (ManifestError, UnicodeDecodeError):
        wanted = set()  # verify_backup reports the damaged manifest
    for name in sorted((wanted | {SUMS_FILE}) & files):
        download(client, backup, backup.key(name), folder / name)
    if wanted and not manifest.encryption:
        _fetch_photos(client, backup, manifest.photos, into / PHOTOS_FOLDER)
    return folder


def _fetch_photos(
    client: S3Client, backup: BucketLocation, photos: dict[str, int], into: Path
) -> None:
    """Download a backup's photos (those not already in ``into``) from its salon's
    shared photos folder; a missing one is left for the verification to report."""
    if not photos:
        return
    shared = BucketLocation(backup.bucket, backup.prefix.rsplit("/", 1)[0]).child(PHOTOS_FOLDER)
    present = {key.rsplit("/", 1)[-1] for key in list_objects(client, shared)}
    for sha256, size in sorted(photos.items()):
        target = photo_file(into, sha256)
        if sha256 not in present or (target.is_file() and target.stat().st_size == size):
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{sha256}.part")
        partial.unlink(missing_ok=True)
        download(client, shared, shared.key(sha256[:2], sha256), partial)
        partial.replace(target)
