"""Putting a finished backup into a backup location so that no reader ever sees half of it.

Everything is written under ``<slug>/.incoming-<random>/``, each file fsynced, then the
whole folder is verified by reading it back from the location (a USB stick can accept a
write and return something else), and only then renamed to its final name, after which
the parent folder is fsynced so the rename itself survives a power cut. A crash leaves
an ``.incoming-*`` folder, which listings ignore and a later backup removes once it is
old enough that no backup still running could own it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import secrets
import shutil
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from salonkeep.continuity.manifest import (
    HASH_BLOCK,
    MANIFEST_FILE,
    PHOTOS_FOLDER,
    SUMS_FILE,
    FileEntry,
    Manifest,
    sha256_of,
    sums_text,
)
from salonkeep.continuity.photos import store_in_folder

INCOMING_PREFIX = ".incoming-"
# An unfinished folder older than this belongs to no running backup.
STALE_INCOMING_SECONDS = 60 * 60


class PublishError(Exception):
    """The backup could not be written to the location; the message says why."""


def describe_os_error(error: OSError, location: Path) -> str:
    """What went wrong, in the words a salon owner needs."""
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"The backup location {location} is full (no space left on the device)."
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"The backup location {location} is not writable ({error.strerror})."
    if error.errno == errno.ENOENT:
        return (
            f"The backup location {location} disappeared while the backup was being "
            "written (was a drive unplugged or a network share disconnected?)."
        )
    if error.errno == errno.ENOTDIR:
        return f"The backup location {location} is not a folder."
    return f"Writing the backup to {location} failed: {error.strerror or error}."


def fsync_folder(path: Path) -> None:
    if os.name == "nt":  # Windows cannot open a folder for fsync; NTFS journals renames
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def copy_file(source: Path, target: Path) -> FileEntry:
    """Copy and fsync; returns the checksum and size of what was read from ``source``."""
    digest = hashlib.sha256()
    size = 0
    with source.open("rb") as reader, target.open("xb") as writer:
        while block := reader.read(HASH_BLOCK):
            digest.update(block)
            size += len(block)
            writer.write(block)
        writer.flush()
        os.fsync(writer.fileno())
    return FileEntry(digest.hexdigest(), size)


def write_file(target: Path, text: str) -> None:
    with target.open("x", encoding="utf-8", newline="\n") as writer:
        writer.write(text)
        writer.flush()
        os.fsync(writer.fileno())


def folder_name(created_at: datetime, trigger: str) -> str:
    return f"{created_at.astimezone(UTC):%Y%m%dT%H%M%SZ}-{trigger}"


def remove_stale_incoming(business_folder: Path, now: float | None = None) -> list[Path]:
    """Remove unfinished backups that no running backup can still be writing, and
    backups whose removal by retention was interrupted."""
    removed = []
    moment = time.time() if now is None else now
    leftovers = [*business_folder.glob(f"{INCOMING_PREFIX}*"), *business_folder.glob(".removing-*")]
    for folder in leftovers:
        try:
            newest = max(
                [folder.stat().st_mtime, *(item.stat().st_mtime for item in folder.iterdir())]
            )
        except OSError:
            continue
        if moment - newest > STALE_INCOMING_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _rename_into_place(incoming: Path, final: Path) -> Path:
    # Two backups in the same second get -2, -3 ... rather than replace each other.
    for attempt in range(1, 100):
        candidate = final if attempt == 1 else final.with_name(f"{final.name}-{attempt}")
        if candidate.exists():
            continue
        try:
            incoming.rename(candidate)
        except OSError as error:
            if error.errno in (errno.EEXIST, errno.ENOTEMPTY):
                continue
            raise
        return candidate
    raise PublishError(f"Too many backups named {final.name} in {final.parent}.")


def publish_backup(
    location: Path,
    slug: str,
    data_file: Path,
    make_manifest: Callable[[FileEntry], Manifest],
    verify: Callable[[Path], list[str]],
    photos: dict[str, int] | None = None,
    extra_files: list[Path] | None = None,
) -> tuple[Path, Manifest]:
    """Write ``data_file`` and its manifest into ``location/slug`` atomically; return
    the published folder and its manifest. ``verify`` is run on the written folder; any
    problem it reports stops the publication. On failure nothing is left but possibly an
    .incoming folder this function could not remove (the location vanished, say)."""
    incoming: Path | None = None
    if location.exists() and not location.is_dir():
        raise PublishError(f"The backup location {location} is a file, not a folder.")
    try:
        location.mkdir(parents=True, exist_ok=True)
        business_folder = location / slug
        if not business_folder.is_dir():
            business_folder.mkdir()
            fsync_folder(location)
        remove_stale_incoming(business_folder)
        # Into the salon's shared photos folder first: only new photos are written.
        store_in_folder(photos or {}, business_folder / PHOTOS_FOLDER)
        incoming = business_folder / f"{INCOMING_PREFIX}{secrets.token_hex(6)}"
        incoming.mkdir()
        # Stored under its own name: data.sqlite3, or data.sqlite3.age when encrypted.
        entry = copy_file(data_file, incoming / data_file.name)
        for extra in extra_files or []:  # an encrypted backup's photos and their key
            copy_file(extra, incoming / extra.name)
        manifest = make_manifest(entry)
        write_file(incoming / MANIFEST_FILE, manifest.to_json())
        sums = {data_file.name: entry.sha256, MANIFEST_FILE: sha256_of(incoming / MANIFEST_FILE)}
        write_file(incoming / SUMS_FILE, sums_text(sums))
        fsync_folder(incoming)
        problems = verify(incoming)
        if problems:
            raise PublishError(
                "The backup was written but did not verify when read back, so it was "
                "discarded: " + "; ".join(problems)
            )
        final = _rename_into_place(
            incoming, business_folder / folder_name(manifest.created_at, manifest.trigger)
        )
        incoming = None
        fsync_folder(business_folder)
        return final, manifest
    except OSError as error:
        raise PublishError(describe_os_error(error, location)) from error
    finally:
        if incoming is not None:
            shutil.rmtree(incoming, ignore_errors=True)
