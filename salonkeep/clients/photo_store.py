"""The content-addressed photo store for client record cards.

A photo file is named by the SHA-256 of its bytes and lives at
``SALONKEEP_HOME/photos/<first two hex digits>/<sha256>``. Files are immutable: the same
content is always the same file, so two clients' identical photos share one file, a file is
never modified in place, and a backup can copy a file once and trust its name as its
checksum. Deleting a ClientPhoto row never deletes the file, because other rows (and backups
being written) may share it.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import BinaryIO

from django.conf import settings

CHUNK_SIZE = 1024 * 1024
_SHA256_RE = re.compile(r"\A[0-9a-f]{64}\Z")
# Partly written uploads sit here until they are complete, on the same file system as the
# final place so that moving them in is an atomic rename/link.
INCOMING_FOLDER = ".incoming"


def photos_root() -> Path:
    return Path(settings.SALONKEEP_HOME) / "photos"


def photo_path(sha256: str) -> Path:
    """Where the photo with this SHA-256 lives. Refuses anything that is not a lower-case
    hex digest, so a name from a request or a backup can never point outside the store."""
    if not _SHA256_RE.match(sha256):
        raise ValueError(f"Not a SHA-256 hex digest: {sha256[:80]!r}")
    return photos_root() / sha256[:2] / sha256


def store_photo(stream: BinaryIO) -> tuple[str, int]:
    """Copy ``stream`` into the store and return ``(sha256, size)``.

    The bytes are hashed while they are written to a temporary file in the store's own
    folder tree, flushed to disk, and only then linked into place. If a file with that name
    exists already it is the same content and is left untouched. Any OSError (disk full,
    folder not writable) propagates after the temporary file is removed, so a failure
    never leaves a partial photo under its final name.
    """
    incoming = photos_root() / INCOMING_FOLDER
    incoming.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    handle, temp_name = tempfile.mkstemp(dir=incoming, prefix="upload-")
    temp_path = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as out:
            while chunk := stream.read(CHUNK_SIZE):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha256 = digest.hexdigest()
        final = photo_path(sha256)
        final.parent.mkdir(parents=True, exist_ok=True)
        _move_into_place(temp_path, final)
    finally:
        temp_path.unlink(missing_ok=True)
    return sha256, size


def _move_into_place(temp_path: Path, final: Path) -> None:
    """Link the finished file to its final name unless that name exists already.

    A hard link never replaces an existing file, so a reader (or a backup) holding the
    existing photo open is never affected. File systems without hard links fall back to a
    rename, which is only done when the name is absent; two uploads racing with the same
    name carry the same bytes, so either winning is correct.
    """
    try:
        os.link(temp_path, final)
    except FileExistsError:
        return
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
        if final.exists():
            return
        os.replace(temp_path, final)
    _fsync_folder(final.parent)


def _fsync_folder(folder: Path) -> None:
    # Makes the new directory entry durable; not every platform allows opening a folder.
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
