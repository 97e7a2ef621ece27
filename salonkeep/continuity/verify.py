"""Checking a backup folder end to end, without trusting anything in it.

A backup counts only once it has passed every check here: the manifest is readable and
of a format this version knows, every file has the size and SHA-256 recorded for it,
SQLite's own ``integrity_check`` passes, the rows per table are those the manifest
promises, and the database holds exactly the business the manifest names. Problems are
collected and returned as sentences, never raised, so a damaged backup is reported in
full rather than by its first fault.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from salonkeep.continuity.encryption import PassphraseError, decrypted_copy
from salonkeep.continuity.manifest import (
    DATA_FILE,
    MANIFEST_FILE,
    SUMS_FILE,
    Manifest,
    ManifestError,
    parse_manifest,
    parse_sums,
    sha256_of,
)
from salonkeep.continuity.photo_encryption import PHOTOS_KEY_FILE, encrypted_photo_name
from salonkeep.continuity.photos import photo_problems, photos_folder_of

BUSINESS_TABLE = "accounts_business"


@dataclass
class VerifyResult:
    path: Path
    problems: list[str] = field(default_factory=list)
    manifest: Manifest | None = None
    # Why the database itself was not checked although everything else passed (an
    # encrypted backup verified without its passphrase); None when it was checked.
    contents_unchecked: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def open_read_only(data_file: Path) -> sqlite3.Connection:
    """Open a backup's database so that nothing can change it and no lock or -wal/-shm
    file is needed: a backup never changes once written, and may sit on a read-only
    drive or a network share."""
    uri = f"{data_file.resolve().as_uri()}?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True)


def _read_manifest(folder: Path, result: VerifyResult) -> Manifest | None:
    manifest_path = folder / MANIFEST_FILE
    if not manifest_path.is_file():
        if not (folder / DATA_FILE).exists() and not (folder / SUMS_FILE).exists():
            result.problems.append(f"{folder} is not a Salonkeep backup (no {MANIFEST_FILE})")
        else:
            result.problems.append(f"{MANIFEST_FILE} is missing")
        return None
    try:
        return parse_manifest(manifest_path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        result.problems.append(f"{MANIFEST_FILE} is not text (damaged)")
    except ManifestError as error:
        result.problems.append(str(error))
    return None


def _check_files(
    folder: Path, manifest: Manifest, result: VerifyResult, *, checksums: bool = True
) -> bool:
    """Sizes and checksums against the manifest and SHA256SUMS. True when all match."""
    before = len(result.problems)
    sums: dict[str, str] = {}
    sums_path = folder / SUMS_FILE
    if not sums_path.is_file():
        result.problems.append(f"{SUMS_FILE} is missing")
    else:
        try:
            sums = parse_sums(sums_path.read_text(encoding="utf-8"))
        except (ManifestError, UnicodeDecodeError) as error:
            damaged = f"{SUMS_FILE} is not text (damaged)"
            result.problems.append(str(error) if isinstance(error, ManifestError) else damaged)
    if sums_path.is_file() and sums:
        for name in (manifest.data_file, MANIFEST_FILE):
            if name not in sums:
                result.problems.append(f"{SUMS_FILE} does not cover {name}")
        if (
            checksums
            and MANIFEST_FILE in sums
            and sha256_of(folder / MANIFEST_FILE) != sums[MANIFEST_FILE]
        ):
            result.problems.append(f"{MANIFEST_FILE} does not match its checksum in {SUMS_FILE}")
    for name, entry in manifest.files.items():
        path = folder / name
        if not path.is_file():
            result.problems.append(f"{name} is missing")
            continue
        size = path.stat().st_size
        if size != entry.size:
            result.problems.append(
                f"{name} is {size:,} bytes, the manifest says {entry.size:,} (cut short or "
                "overwritten)"
            )
            continue
        if not checksums:
            continue
        digest = sha256_of(path)
        if digest != entry.sha256:
            result.problems.append(
                f"{name} does not match its SHA-256 checksum (the file was changed or damaged)"
            )
        elif name in sums and sums[name] != digest:
            result.problems.append(f"{name} does not match its checksum in {SUMS_FILE}")
    return len(result.problems) == before


def _check_database(data_file: Path, manifest: Manifest, result: VerifyResult) -> None:
    try:
        database = open_read_only(data_file)
    except sqlite3.Error as error:
        result.problems.append(f"{DATA_FILE} cannot be opened: {error}")
        return
    try:
        _check_database_contents(database, manifest, result)
    except sqlite3.DatabaseError as error:
        result.problems.append(f"{DATA_FILE} is not a readable SQLite database ({error})")
    finally:
        database.close()


def _check_database_contents(
    database: sqlite3.Connection, manifest: Manifest, result: VerifyResult
) -> None:
    integrity = [row[0] for row in database.execute("PRAGMA integrity_check")]
    if integrity != ["ok"]:
        result.problems.append(f"{DATA_FILE} is damaged: " + "; ".join(integrity[:3]))
        return
    broken_links = database.execute("PRAGMA foreign_key_check").fetchall()
    if broken_links:
        table, rowid, parent, _ = broken_links[0]
        result.problems.append(
            f"{len(broken_links)} row(s) point to records missing from the backup "
            f"(first: {table} row {rowid} → {parent})"
        )
    tables = {
        row[0] for row in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    business = manifest.business
    for table, expected in sorted(manifest.row_counts.items()):
        if table not in tables:
            result.problems.append(f"table {table} is missing from {DATA_FILE}")
            continue
        quoted = '"' + table.replace('"', '""') + '"'
        (count,) = database.execute(f"SELECT COUNT(*) FROM {quoted}").fetchone()
        if count != expected:
            result.problems.append(f"table {table} has {count} rows, the manifest says {expected}")
        columns = {row[1] for row in database.execute(f"PRAGMA table_info({quoted})")}
        if "business_id" in columns:
            (foreign,) = database.execute(
                f"SELECT COUNT(*) FROM {quoted} WHERE business_id IS NOT ?", [business.id]
            ).fetchone()
            if foreign:
                result.problems.append(f"table {table} has {foreign} rows of another business")
    if BUSINESS_TABLE not in tables:
        result.problems.append(f"{DATA_FILE} has no {BUSINESS_TABLE} table")
        return
    found = database.execute(f"SELECT id, slug, name FROM {BUSINESS_TABLE}").fetchall()
    if found != [(business.id, business.slug, business.name)]:
        shown = ", ".join(f"{slug} (id {pk})" for pk, slug, _ in found) or "none"
        result.problems.append(
            f"the manifest names business {business.slug} (id {business.id}) but "
            f"{DATA_FILE} holds: {shown}"
        )


def _check_encrypted_database(
    path: Path, manifest: Manifest, passphrase: str | None, result: VerifyResult
) -> None:
    if passphrase is None:
        # The checksums were written and fully verified with the passphrase at
        # publication, so "ok" still means the backup is as it was then.
        result.contents_unchecked = "encrypted (give the passphrase to check them)"
        return
    try:
        with decrypted_copy(path / manifest.data_file, passphrase) as plain:
            _check_database(plain, manifest, result)
    except PassphraseError as error:
        result.problems.append(str(error))


def verify_backup(
    path: Path,
    *,
    thorough: bool = True,
    passphrase: str | None = None,
    full: bool = False,
    photos: Path | None = None,
    check_photos: bool = True,
) -> VerifyResult:
    """Check one backup folder; ``result.ok`` only if every check passed.

    ``thorough=False`` is the quick check for listings of many large backups: the
    manifest and each file's presence and size, without reading the files through.
    An encrypted backup's database is decrypted (into a private working folder) and
    checked only when ``passphrase`` is given; without it, ``ok`` covers the manifest
    and checksums and ``contents_unchecked`` says the rest was not checked.

    Photos are looked for in ``photos`` (default: the salon's shared photos folder
    beside the backup's folder) and checked by size; ``full`` also re-hashes each one
    (before a restore, or `salonkeep verify --full`). ``check_photos=False`` leaves them
    out, for a copy of the backup's own files only (the standby's)."""
    result = VerifyResult(path)
    if not path.exists():
        result.problems.append(f"{path} does not exist")
        return result
    if not path.is_dir():
        result.problems.append(f"{path} is a file, not a backup folder")
        return result
    try:
        manifest = _read_manifest(path, result)
        if manifest is None:
            return result
        result.manifest = manifest
        if manifest.photos and manifest.encryption:
            # Inside the backup, encrypted: checked with the other files.
            needed = [PHOTOS_KEY_FILE, *map(encrypted_photo_name, manifest.photos)]
            result.problems.extend(
                f"{name} is not listed in the manifest"
                for name in needed
                if name not in manifest.files
            )
        elif manifest.photos and check_photos:
            folder = photos if photos is not None else photos_folder_of(path)
            result.problems.extend(photo_problems(folder, manifest.photos, full=full))
        if _check_files(path, manifest, result, checksums=thorough) and thorough:
            if manifest.encryption:
                _check_encrypted_database(path, manifest, passphrase, result)
            else:
                _check_database(path / DATA_FILE, manifest, result)
    except OSError as error:
        result.problems.append(f"{path} cannot be read: {error.strerror or error}")
    return result
