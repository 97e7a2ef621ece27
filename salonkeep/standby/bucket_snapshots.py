"""Standby snapshots in an s3:// backup location: ``<prefix>/.standby/<slug>/``.

The snapshots themselves are ordinary bucket backups (bucket_backups.py: every file
uploaded and read back, ``manifest.json`` uploaded last, so a reader never lists half a
snapshot). What the folder code does with a file system, this module does with
objects: ``confirmed.json`` is one PUT, which S3 makes visible whole or not at all.

S3 has no exclusive create, so the folder's ``.publishing`` lock file cannot work in a
bucket. Instead a publication takes the salon's backup lease in the database
(BackupSettings.claimed_until, one atomic UPDATE, see continuity/scheduler.py): every
worker that publishes a salon's snapshots writes with that salon's database, so the
database decides, and a lease left by a worker that died runs out by itself. The same
lease keeps a scheduled backup and a standby snapshot of one salon from running at once.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from salonkeep.continuity.bucket import (
    BucketLocation,
    bucket_errors,
    list_objects,
    make_client,
    read_text,
)
from salonkeep.continuity.manifest import MANIFEST_FILE, utc_text

STANDBY_FOLDER = ".standby"
CONFIRMED_FILE = "confirmed.json"
CONFIRMED_LIMIT = 64 * 1024  # a few dozen bytes in practice


def parse_confirmed(text: str) -> dict[str, Any] | None:
    """confirmed.json's content, or None when it is not a usable one."""
    try:
        document = json.loads(text)
    except ValueError:
        return None
    if not isinstance(document, dict):
        return None
    if not isinstance(document.get("snapshot"), str):
        return None
    if not isinstance(document.get("confirmed_at"), str):
        return None
    return document


def confirmed_text(snapshot: str, change: int, confirmed_at: datetime) -> str:
    return json.dumps(
        {"snapshot": snapshot, "change": change, "confirmed_at": utc_text(confirmed_at)}
    )


def standby_place(location: BucketLocation, slug: str) -> BucketLocation:
    return location.child(STANDBY_FOLDER, slug)


def read_bucket_confirmed(location: BucketLocation, slug: str) -> dict[str, Any] | None:
    """What the last publication into the bucket recorded; None when there is nothing
    usable. Raises BucketError when the bucket cannot be read."""
    place = standby_place(location, slug)
    key = place.key(CONFIRMED_FILE)
    client = make_client()
    if key not in list_objects(client, place):
        return None
    return parse_confirmed(read_text(client, place, key, CONFIRMED_LIMIT))


def write_bucket_confirmed(
    location: BucketLocation, slug: str, snapshot: str, change: int, confirmed_at: datetime
) -> None:
    place = standby_place(location, slug)
    body = confirmed_text(snapshot, change, confirmed_at).encode("utf-8")
    with bucket_errors(place):
        make_client().put_object(
            Bucket=place.bucket, Key=place.key(CONFIRMED_FILE), Body=body, ContentLength=len(body)
        )


def snapshot_published(location: BucketLocation, slug: str, snapshot: str) -> bool:
    """Whether the standby snapshot ``snapshot`` is still published (not pruned)."""
    backup = standby_place(location, slug).child(snapshot)
    return backup.key(MANIFEST_FILE) in list_objects(make_client(), backup)
