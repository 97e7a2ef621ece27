"""Copies of the status pages written next to the backups, so `salonkeep standby` can
serve them from the backup location while the live system is down.

Layout in a backup folder (each a self-contained page, CSS inline, no links back to
the live system):

    <folder>/status/index.html          the installation's notices
    <folder>/<slug>/status/index.html   the installation's and that salon's notices

The job ``notices.write_status_pages`` rewrites them whenever a notice changed or a
maintenance window or closure began or ended (the page shows what is in force), and at
least hourly, for every salon whose backup location is a folder. Each file is replaced
in one step, so a reader never sees half a page.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path

from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone

from salonkeep.accounts.models import Business
from salonkeep.continuity.runs import configured_location, settings_for
from salonkeep.notices.models import Notice
from salonkeep.notices.public import status_context

logger = logging.getLogger(__name__)

REWRITE_EVERY = timedelta(hours=1)
_last_written: dict[str, object] = {}


def page_html(business: Business | None, now: datetime) -> str:
    return render_to_string("notices/status.html", {**status_context(business, now), "live": False})


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".status-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_status_pages(
    folder: Path, businesses: Iterable[Business] | None = None, now: datetime | None = None
) -> list[Path]:
    """Write the installation's page and each salon's (every salon when none are
    named) into `folder`. Returns the files written."""
    moment = now or timezone.now()
    written = [folder / "status" / "index.html"]
    _write(written[0], page_html(None, moment))
    for business in Business.objects.order_by("pk") if businesses is None else businesses:
        path = folder / business.slug / "status" / "index.html"
        _write(path, page_html(business, moment))
        written.append(path)
    return written


def folders_by_location() -> dict[Path, list[Business]]:
    """Each folder used as a backup location, with the salons backing up into it
    (buckets are left out: the standby reads folders)."""
    found: dict[Path, list[Business]] = {}
    for business in Business.objects.order_by("pk"):
        location = configured_location(settings_for(business))
        if isinstance(location, Path):
            found.setdefault(location, []).append(business)
    return found


def _fingerprint(now: datetime) -> tuple[object, ...]:
    """Changes when a notice changes, or a window begins or ends."""
    facts = Notice.objects.aggregate(
        count=Count("id"),
        latest=Max("updated_at"),
        passed=Count("id", filter=Q(starts_at__lte=now)) + Count("id", filter=Q(ends_at__lte=now)),
    )
    return (facts["count"], facts["latest"], facts["passed"])


def write_status_pages_job(now: datetime) -> None:
    """The job: rewrite the copies when something changed, and at least hourly."""
    fingerprint = _fingerprint(now)
    last_at = _last_written.get("at")
    fresh = isinstance(last_at, datetime) and now - last_at < REWRITE_EVERY
    if fresh and _last_written.get("fingerprint") == fingerprint:
        return
    for folder, businesses in folders_by_location().items():
        if not folder.is_dir():
            continue  # the drive is not plugged in: the backups will say so
        try:
            write_status_pages(folder, businesses, now)
        except OSError:
            logger.warning("Could not write the status pages into %s", folder, exc_info=True)
    _last_written.update(at=now, fingerprint=fingerprint)
