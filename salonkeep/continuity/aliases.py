"""Extra database connections that exist only for the length of one backup or restore.

A backup reads the live database through its own connection (so it can hold one read
transaction without touching the connection the rest of the process uses) and writes a
fresh SQLite file through another. Django only knows databases by alias, so each of these
is added to the connection handler under a unique alias and removed afterwards.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend


def _complete(settings_dict: dict[str, Any]) -> dict[str, Any]:
    """The defaults Django fills in for databases named in settings.DATABASES."""
    complete: dict[str, Any] = {
        "ATOMIC_REQUESTS": False,
        "AUTOCOMMIT": True,
        "CONN_MAX_AGE": 0,
        "CONN_HEALTH_CHECKS": False,
        "OPTIONS": {},
        "TIME_ZONE": None,
        "NAME": "",
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
    }
    complete.update(settings_dict)
    complete["TEST"] = {"CHARSET": None, "COLLATION": None, "MIGRATE": True, "MIRROR": None}
    complete["TEST"]["NAME"] = None
    return complete


@contextmanager
def temporary_database(purpose: str, settings_dict: dict[str, Any]) -> Iterator[str]:
    """A connection under a fresh alias, usable with ``using=``, ``migrate --database``
    and ``transaction.atomic``; closed and forgotten on the way out.

    The connection is placed in this thread's slot of the connection handler only, not
    in the shared settings: it exists for the thread that made it and for no request
    or other thread, which may have a connection handler cycling its connections."""
    alias = f"salonkeep_{purpose}_{secrets.token_hex(4)}"
    complete = _complete(settings_dict)
    connections[alias] = load_backend(complete["ENGINE"]).DatabaseWrapper(complete, alias)
    try:
        yield alias
    finally:
        try:
            connections[alias].close()
        finally:
            with suppress(AttributeError):
                del connections[alias]


def live_settings() -> dict[str, Any]:
    """The live database's settings, for a second connection to it."""
    live = dict(connections[DEFAULT_DB_ALIAS].settings_dict)
    live["OPTIONS"] = dict(live.get("OPTIONS", {}))
    # A connection of its own is closed when the backup ends, never kept for reuse.
    live["CONN_MAX_AGE"] = 0
    return live


def sqlite_file_settings(path: Path, *, read_only: bool = False) -> dict[str, Any]:
    """Settings for a SQLite file that only this process uses (a backup being built or
    restored). No WAL: a backup is one self-contained file, with no -wal or -shm beside it."""
    init = "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF;"
    if read_only:
        init = "PRAGMA query_only=ON;"
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {"timeout": 20, "init_command": init},
    }
