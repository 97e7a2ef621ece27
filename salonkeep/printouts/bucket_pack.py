"""Writing the outage pack into a backup location in an S3-compatible bucket: the same
layout as in a folder (<slug>/outage-pack/<day>/<file>.pdf below the location's
prefix), the last few days kept. Each object appears whole or not at all (an S3 PUT is
atomic), so there is no temporary name to rename."""

from __future__ import annotations

import shutil
from datetime import date

from salonkeep.accounts.models import Business
from salonkeep.continuity.bucket import (
    BucketError,
    BucketLocation,
    delete_objects,
    list_objects,
    make_client,
    upload,
    work_folder,
)
from salonkeep.printouts.pack import KEEP_DAYS, PACK_FOLDER, PackError, PackFile


def write_outage_pack_to_bucket(
    business: Business, day: date, where: BucketLocation, files: list[PackFile]
) -> list[str]:
    """Upload the pack for `day` and prune old days; returns the locations written
    (s3://bucket/key). Raises PackError with the reason."""
    root = where.child(business.slug, PACK_FOLDER)
    day_place = root.child(day.isoformat())
    try:
        client = make_client()
        staging = work_folder("outage-pack-")
        try:
            written = []
            for pack_file in files:
                source = staging / pack_file.name
                source.write_bytes(pack_file.content)
                upload(client, where, day_place.key(pack_file.name), source)
                written.append(str(day_place.child(pack_file.name)))
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        existing = list_objects(client, root)
        names = {pack_file.name for pack_file in files}
        stale = [
            key
            for key in existing
            if key.startswith(day_place.folder_key()) and key.rsplit("/", 1)[-1] not in names
        ]
        delete_objects(client, where, stale + _older_days(existing, root))
    except (BucketError, OSError) as error:
        raise PackError(str(error)) from None
    return written


def _older_days(keys: dict[str, tuple[int, float]], root: BucketLocation) -> list[str]:
    """The keys of every day folder but the newest KEEP_DAYS; other keys are not ours."""
    by_day: dict[date, list[str]] = {}
    for key in keys:
        first = key[len(root.folder_key()) :].split("/", 1)[0]
        try:
            by_day.setdefault(date.fromisoformat(first), []).append(key)
        except ValueError:
            continue
    return [key for day in sorted(by_day, reverse=True)[KEEP_DAYS:] for key in by_day[day]]
