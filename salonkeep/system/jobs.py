"""Timed jobs that run in the background loop beside scheduled backups (in `salonkeep
serve` and `salonkeep worker`): each area registers its own from its AppConfig.ready().

A job is called once per loop step with the current time and must be cheap when it has
nothing to do. A job that fails is logged and the others still run: one broken feature
must not stop backups or the rest. Jobs that must not run twice at once across several
workers claim their work in the database (see continuity/scheduler.py for the pattern).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from django.db import close_old_connections

logger = logging.getLogger(__name__)

Job = Callable[[datetime], object]

_jobs: dict[str, Job] = {}


def register_job(name: str, job: Job) -> None:
    """Add (or replace, so a reloaded app does not add it twice) the job called `name`."""
    _jobs[name] = job


def registered_jobs() -> dict[str, Job]:
    return dict(_jobs)


def run_jobs(now: datetime) -> list[str]:
    """Run every registered job once; returns the names of those that failed."""
    failed = []
    for name, job in registered_jobs().items():
        try:
            job(now)
        except Exception:
            logger.exception("Background job %s failed", name)
            failed.append(name)
        finally:
            close_old_connections()
    return failed
