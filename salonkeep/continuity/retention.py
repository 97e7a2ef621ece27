"""Keeping the newest N verified backups of each business, and only deleting safely.

The rules, each one a lesson from a backup tool that lost someone's data: a backup is
deleted only when N newer backups have verified; the newest verified backup is never
deleted; fewer than N backups is normal, not an error; running retention twice changes
nothing. Backups that do not verify never count towards N, and are kept while they are
among the newest (someone may want to look at them), then go with the old ones.
"""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from salonkeep.continuity.listing import list_backups
from salonkeep.continuity.manifest import PHOTOS_FOLDER
from salonkeep.continuity.photos import remove_unreferenced

DEFAULT_KEEP = 25
REMOVING_PREFIX = ".removing-"

Entry = TypeVar("Entry")


def plan_retention(
    newest_first: Sequence[Entry], keep: int, verified: Callable[[Entry], bool]
) -> list[Entry]:
    """Which backups to delete: every one older than the ``keep``-th newest verified."""
    if keep < 1:
        raise ValueError("keep must be at least 1: the newest verified backup is never deleted")
    seen_verified = 0
    for index, entry in enumerate(newest_first):
        if verified(entry):
            seen_verified += 1
            if seen_verified == keep:
                return list(newest_first[index + 1 :])
    return []


def prune_old_backups(location: Path, slug: str, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Delete the backups of one business that retention no longer keeps; returns them.

    Older backups were fully verified when they were published, so here they get the
    quick check (manifest, files present and complete); a folder that fails it does not
    count as verified."""
    entries = list_backups(location, slug, thorough=False)
    doomed = plan_retention(entries, keep, lambda entry: entry.verified)
    removed = []
    for entry in doomed:
        # Renamed first, so the backup leaves the listing at once even if deleting its
        # files is interrupted; leftovers are cleaned up with unfinished backups.
        assert isinstance(entry.path, Path)  # a folder location's listing
        hidden = entry.path.with_name(f"{REMOVING_PREFIX}{secrets.token_hex(6)}")
        try:
            entry.path.rename(hidden)
        except OSError:
            continue  # already gone (another retention run), or the location is read-only
        shutil.rmtree(hidden, ignore_errors=True)
        removed.append(entry.path)
    kept = [entry for entry in entries if entry not in doomed]
    if removed and all(entry.manifest is not None for entry in kept):
        # Photos no remaining backup lists go too; if any remaining manifest cannot be
        # read, nothing is deleted (it may list any of them).
        wanted = {sha for entry in kept if entry.manifest for sha in entry.manifest.photos}
        remove_unreferenced(location / slug / PHOTOS_FOLDER, wanted)
    return removed
