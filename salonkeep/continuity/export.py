"""A backup as ONE file (``<salon>-YYYY-MM-DD-HHMM.salonkeep``) to download, carry on a
USB stick or e-mail to the accountant, and the way back to a folder.

The file is a plain, uncompressed tar (``tar -xf`` opens it) holding the backup's own
files at its top level and the photos it lists as ``photos/ab/abcd…``. It is written
deterministically (sorted members, fixed owner, mode and modification time), so the
same backup always gives the same bytes. Unpacking trusts nothing in it: only the
expected file names, regular files, bounded sizes; anything else refuses the whole file.
"""

from __future__ import annotations

import re
import shutil
import tarfile
from pathlib import Path
from typing import IO
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from salonkeep.continuity.backup import BackupError, make_work_folder
from salonkeep.continuity.manifest import DATA_FILE, MANIFEST_FILE, PHOTOS_FOLDER, SUMS_FILE
from salonkeep.continuity.photo_encryption import ENCRYPTED_PHOTO, PHOTOS_KEY_FILE
from salonkeep.continuity.photos import photo_file, photos_folder_of
from salonkeep.continuity.verify import verify_backup

SUFFIX = ".salonkeep"
# The encrypted database's name (see encryption.py); listed here so that unpacking stays
# a closed list of names whatever is in the file.
ENCRYPTED_DATA_FILE = "data.sqlite3.age"
MEMBER_NAMES = frozenset({DATA_FILE, ENCRYPTED_DATA_FILE, MANIFEST_FILE, SUMS_FILE})
PHOTO_MEMBER = re.compile(r"photos/([0-9a-f]{2})/\1[0-9a-f]{62}")
SMALL_FILE_LIMIT = 1024 * 1024  # manifest.json and SHA256SUMS are a few kilobytes
DATA_FILE_LIMIT = 64 * 1024**3
UNPACKED_FOLDER = "backup"


class BackupFileError(Exception):
    """The file is not a Salonkeep backup file; nothing was unpacked. The message says why."""


def file_name_for(folder: Path) -> str:
    """``<slug>-2026-11-23-1400.salonkeep``: the salon and the backup's local time."""
    manifest = verify_backup(folder, thorough=False).manifest
    if manifest is None:
        raise BackupFileError(f"{folder.name} is not a readable backup.")
    try:
        zone = ZoneInfo(manifest.business.time_zone)
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("UTC")
    local = manifest.created_at.astimezone(zone)
    return f"{manifest.business.slug}-{local:%Y-%m-%d-%H%M}{SUFFIX}"


def export_backup(folder: Path) -> Path:
    """Write the backup in ``folder`` as one file in a new working folder and return
    the file's path. The caller removes its folder (``path.parent``) when done."""
    name = file_name_for(folder)
    manifest = verify_backup(folder, thorough=False).manifest
    assert manifest is not None  # file_name_for has just read it
    photos = photos_folder_of(folder)
    sources = {name: folder / name for name in {*manifest.files, MANIFEST_FILE, SUMS_FILE}}
    for sha256 in {} if manifest.encryption else manifest.photos:  # else in files
        sources[f"{PHOTOS_FOLDER}/{sha256[:2]}/{sha256}"] = photo_file(photos, sha256)
    members = sorted(sources)
    mtime = int(manifest.created_at.timestamp())
    try:
        work = make_work_folder("export-")
    except BackupError as error:
        raise BackupFileError(str(error)) from None
    target = work / name
    try:
        with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as archive:
            for member in members:
                source = sources[member]
                info = tarfile.TarInfo(member)
                info.size = source.stat().st_size
                info.mtime = mtime
                info.mode = 0o644
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                with source.open("rb") as content:
                    archive.addfile(info, content)
    except OSError as error:
        shutil.rmtree(work, ignore_errors=True)
        raise BackupFileError(f"Cannot write the backup file: {error.strerror or error}") from None
    return target


def _check_member(member: tarfile.TarInfo, seen: set[str]) -> None:
    name = member.name
    if name.startswith("/") or "\\" in name or ".." in name.split("/"):
        raise BackupFileError(f"It holds an unsafe path ({name!r}).")
    if not member.isfile():
        raise BackupFileError(f"It holds {name!r}, which is not a plain file.")
    if not (
        name in MEMBER_NAMES
        or name == PHOTOS_KEY_FILE
        or PHOTO_MEMBER.fullmatch(name)
        or ENCRYPTED_PHOTO.fullmatch(name)
    ):
        raise BackupFileError(f"It holds {name!r}, which is not part of a Salonkeep backup.")
    if name in seen:
        raise BackupFileError(f"It holds {name!r} twice.")
    limit = SMALL_FILE_LIMIT if name in (MANIFEST_FILE, SUMS_FILE) else DATA_FILE_LIMIT
    if member.size > limit:
        raise BackupFileError(
            f"{name} in it is far larger than a backup's ({member.size:,} bytes)."
        )
    seen.add(name)


def unpack_backup_file(file: Path | IO[bytes], into: Path) -> Path:
    """Unpack a ``.salonkeep`` file (a path or an open binary file) into a new folder
    inside ``into`` and return that folder, ready for verify_backup / restore_backup.
    Raises BackupFileError, leaving nothing behind, when it is not a backup file."""
    folder = into / UNPACKED_FOLDER
    try:
        if isinstance(file, Path):
            archive = tarfile.open(file, mode="r:")  # noqa: SIM115 (closed by the with below)
        else:
            archive = tarfile.open(fileobj=file, mode="r:")  # noqa: SIM115
    except (tarfile.TarError, OSError, EOFError):
        raise BackupFileError("It is not a Salonkeep backup file (not a backup archive).") from None
    try:
        with archive:
            seen: set[str] = set()
            members = archive.getmembers()
            for member in members:
                _check_member(member, seen)
            if MANIFEST_FILE not in seen:
                raise BackupFileError(f"It has no {MANIFEST_FILE}: it is not a backup.")
            folder.mkdir(parents=True)
            for member in members:
                extracted = archive.extractfile(member)
                assert extracted is not None  # a plain file, checked above
                # Photos beside the backup's folder, where verify and restore look.
                target = into / member.name if "/" in member.name else folder / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                with extracted, target.open("wb") as out:
                    shutil.copyfileobj(extracted, out)
    except (tarfile.TarError, EOFError):
        _remove_unpacked(into)
        raise BackupFileError("The backup file is damaged or cut short.") from None
    except OSError as error:
        _remove_unpacked(into)
        raise BackupFileError(f"Cannot unpack the backup file: {error.strerror or error}") from None
    except BackupFileError:
        _remove_unpacked(into)
        raise
    return folder


def _remove_unpacked(into: Path) -> None:
    shutil.rmtree(into / UNPACKED_FOLDER, ignore_errors=True)
    shutil.rmtree(into / PHOTOS_FOLDER, ignore_errors=True)
