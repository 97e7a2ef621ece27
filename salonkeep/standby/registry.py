"""The snapshots the standby serves: one per salon, each under a database alias of its own.

Switching to a newer snapshot never touches the file being served: the new one is
copied and verified beside it, given a NEW alias, and only then does the salon's entry
point at it. Connections are per thread and per request: ``use()`` opens the alias in
the requesting thread, ``release()`` closes and forgets every one the thread opened
when the request ends, so a request that started before a switch finishes on the old
file and no connection to a retired file outlives its request. The old copy is deleted
one switch later, when no request can still be reading it.
"""

from __future__ import annotations

import logging
import secrets
import shutil
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connections
from django.db.utils import load_backend

from salonkeep.continuity.manifest import DATA_FILE, Manifest
from salonkeep.standby.freshness import Freshness
from salonkeep.standby.sources import SnapshotSource

logger = logging.getLogger(__name__)

ALIAS_PREFIX = "standby_"


@dataclass(frozen=True)
class Served:
    """One salon's snapshot being served."""

    alias: str
    folder: Path
    manifest: Manifest
    origin: str
    confirmed_at: datetime | None = None

    @property
    def slug(self) -> str:
        return self.manifest.business.slug

    @property
    def name(self) -> str:
        return self.manifest.business.name

    @property
    def business_id(self) -> int:
        return self.manifest.business.id

    @property
    def as_of(self) -> datetime:
        """The instant the live data was last known to be what this snapshot holds."""
        if self.confirmed_at is not None and self.confirmed_at > self.manifest.created_at:
            return self.confirmed_at
        return self.manifest.created_at

    def freshness(self, now: datetime) -> Freshness:
        return Freshness(self.as_of, ZoneInfo(self.manifest.business.time_zone), now)


def read_only_database(data_file: Path) -> dict[str, Any]:
    """Django settings for a snapshot file opened so that nothing can write to it.
    ``mode=ro``: SQLite refuses every write; ``immutable=1``: the private copy never
    changes, so no lock, -wal or -shm file is ever made beside it."""
    return {
        "ENGINE": "django.db.backends.sqlite3",
        # Django opens SQLite names as URIs (uri=True), so the query string applies.
        "NAME": f"{data_file.resolve().as_uri()}?mode=ro&immutable=1",
        "OPTIONS": {"init_command": "PRAGMA query_only=ON;"},
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "TIME_ZONE": None,
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "TEST": {
            "CHARSET": None,
            "COLLATION": None,
            "MIGRATE": False,
            "MIRROR": None,
            "NAME": None,
        },
    }


class Standby:
    """The salons of one backup location, kept up to date by ``refresh()``."""

    def __init__(self, source: SnapshotSource, work_folder: Path) -> None:
        self.source = source
        self.work_folder = work_folder
        self._served: dict[str, Served] = {}
        self._retired: dict[str, Served] = {}
        # Snapshots already served, refused, or found not newer: never fetched again.
        self._done: set[str] = set()
        self._refresh_lock = threading.Lock()
        self.last_checked: datetime | None = None

    def all(self) -> list[Served]:
        return sorted(self._served.values(), key=lambda served: served.name.lower())

    def get(self, slug: object) -> Served | None:
        return self._served.get(slug) if isinstance(slug, str) else None

    def refresh(self, now: datetime) -> list[str]:
        """Look for newer snapshots of every salon and switch to those that verify.
        Returns what happened, one sentence each (also logged)."""
        if not self._refresh_lock.acquire(blocking=False):
            return []  # another thread is refreshing
        try:
            events = []
            for slug in self.source.slugs():
                events.extend(self._refresh_one(slug))
            self.last_checked = now
            return events
        finally:
            self._refresh_lock.release()

    def _refresh_one(self, slug: str) -> list[str]:
        current = self._served.get(slug)
        folder = self.work_folder / f"{slug}-{secrets.token_hex(4)}"
        try:
            report = self.source.fetch_newest(
                slug, current.manifest.created_at if current else None, folder, self._done
            )
        except OSError as error:
            shutil.rmtree(folder, ignore_errors=True)
            message = f"{slug}: the location could not be read ({error}); nothing changed"
            logger.warning(message)
            return [message]
        events = []
        for origin, reason in report.refused:
            self._done.add(origin)
            message = f"{slug}: ignoring snapshot {origin}: {reason}"
            logger.warning(message)
            events.append(message)
        for origin, reason in report.unreadable:
            message = f"{slug}: snapshot {origin} not read this time: {reason}"
            logger.warning(message)
            events.append(message)
        fetched = report.fetched
        if (
            fetched is not None
            and current is not None
            and fetched.manifest.business.id != current.business_id
        ):
            self._done.add(fetched.origin)
            message = (
                f"{slug}: ignoring snapshot {fetched.origin}: it is of a different salon "
                f"(id {fetched.manifest.business.id}, served: id {current.business_id})"
            )
            logger.warning(message)
            events.append(message)
            fetched = None
        if fetched is None:
            shutil.rmtree(folder, ignore_errors=True)
            if current is not None:
                self._confirm(current)
            return events
        self._done.add(fetched.origin)
        self._switch(slug, fetched.folder, fetched.manifest, fetched.origin)
        taken = f"{fetched.manifest.created_at:%Y-%m-%d %H:%M:%S} UTC"
        message = f"{slug}: serving {fetched.origin} (data as of {taken})"
        logger.info(message)
        events.append(message)
        return events

    def _confirm(self, current: Served) -> None:
        confirmed = self.source.confirmed_at(current.slug, current.origin)
        if confirmed != current.confirmed_at:
            self._served[current.slug] = Served(
                current.alias, current.folder, current.manifest, current.origin, confirmed
            )

    def _switch(self, slug: str, folder: Path, manifest: Manifest, origin: str) -> None:
        alias = f"{ALIAS_PREFIX}{slug.replace('-', '_')}_{secrets.token_hex(4)}"
        confirmed = self.source.confirmed_at(slug, origin)
        previous = self._served.get(slug)
        self._served[slug] = Served(alias, folder, manifest, origin, confirmed)
        if previous is None:
            return
        older = self._retired.pop(slug, None)
        self._retired[slug] = previous
        if older is not None:
            # Two switches ago: no request can still be reading it.
            shutil.rmtree(older.folder.parent, ignore_errors=True)

    def close(self) -> None:
        """Forget every snapshot and delete the local copies (tests, shutdown)."""
        release()
        for served in [*self._served.values(), *self._retired.values()]:
            shutil.rmtree(served.folder.parent, ignore_errors=True)
        self._served.clear()
        self._retired.clear()


_thread = threading.local()


def use(served: Served) -> str:
    """The alias of ``served``, with a connection object for it in this thread."""
    opened: set[str] = _thread.__dict__.setdefault("aliases", set())
    if served.alias not in opened:
        database = read_only_database(served.folder / DATA_FILE)
        backend = load_backend(database["ENGINE"])
        connections[served.alias] = backend.DatabaseWrapper(database, served.alias)
        opened.add(served.alias)
    return served.alias


def release() -> None:
    """Close and forget every snapshot connection this thread opened."""
    opened: set[str] = _thread.__dict__.setdefault("aliases", set())
    for alias in opened:
        try:
            connections[alias].close()
        finally:
            del connections[alias]
    opened.clear()


_current: Standby | None = None


def install(standby: Standby | None) -> None:
    """Make ``standby`` the one the web app serves (None: none)."""
    global _current
    _current = standby


def current() -> Standby | None:
    return _current
