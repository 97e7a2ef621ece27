"""Client photos in backups, stored once per salon by content hash.

The photo files live outside the database (clients/photo_store.py). A backup's manifest
lists every photo its rows refer to (SHA-256 and size); the files themselves go into a
folder shared by all the salon's backups in a location, ``<location>/<slug>/photos/ab/
abcd…``, named by their SHA-256 like the live store. A photo never changes, so it is
written once (only when absent, hashed as it is written) and every later backup that
still has it costs nothing: 25 backups keep one copy of each photo.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import sqlite3
from pathlib import Path

from salonkeep.clients.photo_store import photo_path, store_photo
from salonkeep.continuity.manifest import HASH_BLOCK, PHOTOS_FOLDER

PHOTO_TABLE = "clients_clientphoto"
_SHA256 = re.compile(r"[0-9a-f]{64}")


class PhotoError(Exception):
    """A photo is missing or damaged; the message says which and where."""


def short(sha256: str) -> str:
    return f"{sha256[:12]}…"


def photos_folder_of(backup_folder: Path) -> Path:
    """The shared photos folder beside a backup's folder."""
    return backup_folder.parent / PHOTOS_FOLDER


def photo_file(folder: Path, sha256: str) -> Path:
    if not _SHA256.fullmatch(sha256):
        raise PhotoError(f"{sha256[:80]!r} is not a photo's SHA-256")
    return folder / sha256[:2] / sha256


def referenced_photos(data_file: Path) -> dict[str, int]:
    """Every photo the rows of a backup database refer to: SHA-256 -> size."""
    database = sqlite3.connect(f"{data_file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master")}
        if PHOTO_TABLE not in tables:
            return {}  # a schema from before photos
        rows = database.execute(f"SELECT DISTINCT sha256, size FROM {PHOTO_TABLE}").fetchall()
    finally:
        database.close()
    photos: dict[str, int] = {}
    for sha256, size in rows:
        if not _SHA256.fullmatch(str(sha256)) or photos.get(sha256, size) != size:
            raise PhotoError(f"A client photo record is damaged (photo {str(sha256)[:12]}…).")
        photos[sha256] = size
    return photos


def hash_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as reader:
        while block := reader.read(HASH_BLOCK):
            digest.update(block)
            size += len(block)
    return digest.hexdigest(), size


def _fsync_folder(folder: Path) -> None:
    if os.name == "nt":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def copy_photo(source: Path, target: Path, sha256: str, size: int) -> bool:
    """Copy one photo to ``target`` unless a file of its size is there already; the
    bytes are hashed as they are written and refused unless they are the photo named.
    Written under a temporary name, fsynced, then renamed. True when copied."""
    if target.is_file() and target.stat().st_size == size:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    digest = hashlib.sha256()
    written = 0
    try:
        reader = source.open("rb")
    except FileNotFoundError:
        raise PhotoError(
            f"The photo {short(sha256)} disappeared from {source.parent} while the backup "
            "was being made, so no backup was made."
        ) from None
    try:
        with reader, temporary.open("xb") as writer:
            while block := reader.read(HASH_BLOCK):
                digest.update(block)
                written += len(block)
                writer.write(block)
            writer.flush()
            os.fsync(writer.fileno())
        if digest.hexdigest() != sha256 or written != size:
            raise PhotoError(
                f"The photo {short(sha256)} at {source} is damaged (its bytes do not match "
                "its SHA-256)."
            )
        os.replace(temporary, target)
        _fsync_folder(target.parent)
    finally:
        temporary.unlink(missing_ok=True)
    return True


def live_photo(sha256: str, size: int) -> Path:
    """The photo in this installation's photo store; PhotoError when it is not there."""
    path = photo_path(sha256)
    if not path.is_file():
        raise PhotoError(
            f"The client photo {short(sha256)} is missing from the photo store ({path}), "
            "so no backup was made. Restore the file, or delete the photo from the client "
            "record."
        )
    if path.stat().st_size != size:
        raise PhotoError(
            f"The client photo {short(sha256)} in the photo store ({path}) is damaged."
        )
    return path


def store_in_folder(photos: dict[str, int], folder: Path) -> int:
    """Copy the live photos a backup needs into a location's shared photos folder;
    returns how many were new there. Raises PhotoError (or OSError)."""
    copied = 0
    for sha256, size in sorted(photos.items()):
        target = photo_file(folder, sha256)
        if target.is_file() and target.stat().st_size == size:
            continue
        copied += copy_photo(live_photo(sha256, size), target, sha256, size)
    return copied


def photo_problems(folder: Path, photos: dict[str, int], *, full: bool) -> list[str]:
    """What is wrong with a backup's photos in ``folder``: each must be there at its
    size and, with ``full``, have its SHA-256."""
    problems = []
    for sha256, size in sorted(photos.items()):
        path = photo_file(folder, sha256)
        try:
            found = path.stat().st_size
        except OSError:
            problems.append(f"photo {short(sha256)} is missing from {folder}")
            continue
        if found != size:
            problems.append(f"photo {short(sha256)} is {found:,} bytes, the manifest says {size:,}")
        elif full and hash_file(path)[0] != sha256:
            problems.append(f"photo {short(sha256)} does not match its SHA-256 (damaged)")
    return problems


def restore_photos(folder: Path, photos: dict[str, int]) -> int:
    """Put every photo of a backup into the live photo store (those already there are
    kept), checking each one's SHA-256; returns how many were added. Done before the
    database changes: until then nothing refers to them, and a photo store with an
    extra file is harmless."""
    added = 0
    for sha256, size in sorted(photos.items()):
        live = photo_path(sha256)
        if live.is_file() and live.stat().st_size == size:
            continue
        with photo_file(folder, sha256).open("rb") as reader:
            stored, stored_size = store_photo(reader)
        if stored != sha256 or stored_size != size:
            raise PhotoError(f"The backup's photo {short(sha256)} is damaged.")
        added += 1
    return added


def remove_unreferenced(folder: Path, keep: set[str]) -> list[str]:
    """Delete the photos in a shared photos folder that no remaining backup lists."""
    removed: list[str] = []
    if not folder.is_dir():
        return removed
    for path in folder.glob("??/*"):
        if _SHA256.fullmatch(path.name) and path.name not in keep:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed
