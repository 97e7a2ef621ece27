"""The manifest (manifest.json) and checksum list (SHA256SUMS) of a backup.

Reading is strict: a manifest from a newer Salonkeep, or one that is damaged, is refused
with a reason a person can act on, never half-understood. See docs/backup-format.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

# Format 2 is format 1 plus "photos"; a backup without photos is still written as 1,
# which every Salonkeep reads correctly.
FORMAT_VERSION = 2
PHOTOS_FORMAT_VERSION = 2
PHOTOS_FOLDER = "photos"  # beside the backups of a salon: <location>/<slug>/photos
DATA_FILE = "data.sqlite3"
MANIFEST_FILE = "manifest.json"
SUMS_FILE = "SHA256SUMS"
# An encrypted backup holds its database as data.sqlite3.age (see encryption.py).
ENCRYPTED_DATA_FILES = {"age-scrypt": "data.sqlite3.age"}
TRIGGERS = ("schedule", "on_exit", "manual", "before_restore")
HASH_BLOCK = 1024 * 1024

_SHA256 = re.compile(r"[0-9a-f]{64}")
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_SLUG = re.compile(r"[A-Za-z0-9_-]+")  # also a folder name: no dots, no slashes


class ManifestError(Exception):
    """The manifest cannot be used; the message says why."""


class NewerFormat(ManifestError):
    """The backup was written in a format this version does not know."""


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    size: int


@dataclass(frozen=True)
class BusinessInfo:
    id: int
    slug: str
    name: str
    time_zone: str


@dataclass(frozen=True)
class Manifest:
    app_version: str
    created_at: datetime  # aware, UTC
    trigger: str
    business: BusinessInfo
    migrations: dict[str, list[str]]  # app label -> latest applied migration name(s)
    row_counts: dict[str, int]  # table name -> rows
    files: dict[str, FileEntry]
    # Foreign keys that pointed outside the business (e.g. to a login of no salon) and
    # were cleared in the backup, per "table.column".
    detached_references: dict[str, int] = field(default_factory=dict)
    encryption: str | None = None  # None, or a key of ENCRYPTED_DATA_FILES
    # Every photo the backup's rows refer to: SHA-256 -> size. The files are kept once
    # per salon in the location's shared photos folder, named by their SHA-256.
    photos: dict[str, int] = field(default_factory=dict)
    format_version: int = 0  # 0: the lowest version that can hold this manifest

    def __post_init__(self) -> None:
        if self.format_version == 0:
            version = PHOTOS_FORMAT_VERSION if self.photos else 1
            object.__setattr__(self, "format_version", version)

    @property
    def data_file(self) -> str:
        """The name of the database file in the backup folder."""
        return ENCRYPTED_DATA_FILES[self.encryption] if self.encryption else DATA_FILE

    def to_json(self) -> str:
        document = {
            "format_version": self.format_version,
            "app_version": self.app_version,
            "created_at": utc_text(self.created_at),
            "trigger": self.trigger,
            "business": {
                "id": self.business.id,
                "slug": self.business.slug,
                "name": self.business.name,
                "time_zone": self.business.time_zone,
            },
            "migrations": self.migrations,
            "row_counts": dict(sorted(self.row_counts.items())),
            "files": {
                name: {"sha256": entry.sha256, "size": entry.size}
                for name, entry in sorted(self.files.items())
            },
            "detached_references": self.detached_references,
        }
        if self.encryption:
            document["encryption"] = self.encryption
        if self.format_version >= PHOTOS_FORMAT_VERSION:
            document["photos"] = dict(sorted(self.photos.items()))
        return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"

    @property
    def total_rows(self) -> int:
        return sum(self.row_counts.values())


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _need(document: dict[str, Any], key: str, kind: type | tuple[type, ...], where: str) -> Any:
    if key not in document:
        raise ManifestError(f"manifest.json has no {where}{key}")
    value = document[key]
    # bool is an int in Python; a count or id of true/false is still damage.
    if (isinstance(value, bool) and kind is not bool) or not isinstance(value, kind):
        raise ManifestError(f"manifest.json: {where}{key} has the wrong type")
    return value


def _counts(value: Any, what: str) -> dict[str, int]:
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
        for k, v in value.items()
    ):
        raise ManifestError(f"manifest.json: {what} must map names to whole numbers")
    return dict(value)


def parse_manifest(text: str) -> Manifest:
    """Read manifest.json; raise NewerFormat or ManifestError with the reason."""
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        raise ManifestError(f"manifest.json is not valid JSON ({error})") from None
    if not isinstance(document, dict):
        raise ManifestError("manifest.json is not a JSON object")
    version = _need(document, "format_version", int, "")
    if version > FORMAT_VERSION:
        raise NewerFormat(
            f"made by a newer Salonkeep (backup format {version}; this version reads format "
            f"{FORMAT_VERSION} and older): upgrade Salonkeep to use this backup"
        )
    if version < 1:
        raise ManifestError(f"manifest.json has an unknown format_version {version}")
    app_version = _need(document, "app_version", str, "")
    created_text = _need(document, "created_at", str, "")
    try:
        created_at = datetime.fromisoformat(created_text)
    except ValueError:
        raise ManifestError("manifest.json: created_at is not a date and time") from None
    if created_at.tzinfo is None:
        raise ManifestError("manifest.json: created_at has no time zone")
    trigger = _need(document, "trigger", str, "")
    if trigger not in TRIGGERS:
        raise ManifestError(f"manifest.json: trigger {trigger!r} is not one of {TRIGGERS}")
    raw_business = _need(document, "business", dict, "")
    business = BusinessInfo(
        id=_need(raw_business, "id", int, "business."),
        slug=_need(raw_business, "slug", str, "business."),
        name=_need(raw_business, "name", str, "business."),
        time_zone=_need(raw_business, "time_zone", str, "business."),
    )
    if not _SLUG.fullmatch(business.slug):
        raise ManifestError("manifest.json: business.slug is not a plain name")
    migrations = _need(document, "migrations", dict, "")
    if not all(
        isinstance(names, list) and all(isinstance(name, str) for name in names)
        for names in migrations.values()
    ):
        raise ManifestError("manifest.json: migrations must list migration names per app")
    files: dict[str, FileEntry] = {}
    for name, entry in _need(document, "files", dict, "").items():
        if not _PLAIN_NAME.fullmatch(name) or name in (MANIFEST_FILE, SUMS_FILE):
            raise ManifestError(f"manifest.json lists a file with an unusable name {name!r}")
        if not isinstance(entry, dict):
            raise ManifestError(f"manifest.json: files.{name} is not an object")
        digest = _need(entry, "sha256", str, f"files.{name}.")
        size = _need(entry, "size", int, f"files.{name}.")
        if not _SHA256.fullmatch(digest) or size < 0:
            raise ManifestError(f"manifest.json: files.{name} has a malformed checksum or size")
        files[name] = FileEntry(digest, size)
    encryption = document.get("encryption")
    if encryption is not None and encryption not in ENCRYPTED_DATA_FILES:
        raise ManifestError(f"manifest.json: unknown encryption {encryption!r}")
    data_file = ENCRYPTED_DATA_FILES[encryption] if encryption else DATA_FILE
    if data_file not in files:
        raise ManifestError(f"manifest.json does not list {data_file}")
    photos: dict[str, int] = {}
    if version >= PHOTOS_FORMAT_VERSION:
        photos = _counts(_need(document, "photos", dict, ""), "photos")
        if not all(_SHA256.fullmatch(digest) for digest in photos):
            raise ManifestError("manifest.json: photos must be named by their SHA-256")
    return Manifest(
        format_version=version,
        app_version=app_version,
        created_at=created_at.astimezone(UTC),
        trigger=trigger,
        business=business,
        migrations={app: list(names) for app, names in migrations.items()},
        row_counts=_counts(_need(document, "row_counts", dict, ""), "row_counts"),
        files=files,
        detached_references=_counts(document.get("detached_references", {}), "detached_references"),
        encryption=encryption,
        photos=photos,
    )


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(HASH_BLOCK):
            digest.update(block)
    return digest.hexdigest()


def sums_text(digests: dict[str, str]) -> str:
    """SHA256SUMS in the format `sha256sum -c` checks: digest, two spaces, name."""
    return "".join(f"{digest}  {name}\n" for name, digest in sorted(digests.items()))


def parse_sums(text: str) -> dict[str, str]:
    digests: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        digest, separator, name = line.partition("  ")
        name = name.removeprefix("*")  # sha256sum's binary-mode marker
        if not separator or not _SHA256.fullmatch(digest) or not _PLAIN_NAME.fullmatch(name):
            raise ManifestError(f"{SUMS_FILE} line {number} is not `<sha256>  <file name>`")
        digests[name] = digest
    return digests
