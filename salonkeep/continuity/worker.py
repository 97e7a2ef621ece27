"""The loop that runs scheduled backups and the other timed jobs: in `salonkeep worker`
on its own, or in a background thread of `salonkeep serve`."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from django.db import close_old_connections, connections
from django.utils import timezone

from salonkeep.continuity.models import BackupRun
from salonkeep.continuity.scheduler import backup_on_exit, run_due_backups
from salonkeep.system.jobs import run_jobs

logger = logging.getLogger(__name__)

DEFAULT_POLL_SECONDS = 60.0
# systemd gives a stopping service 90 seconds by default (TimeoutStopSec); the backups
# on exit get most of that and the rest is left for closing down.
DEFAULT_EXIT_BACKUP_SECONDS = 60.0


def run_step() -> list[BackupRun]:
    """One step of the loop: every backup that is due now, then the other timed jobs
    (salonkeep.system.jobs)."""
    close_old_connections()
    try:
        now = timezone.now()
        runs = run_due_backups(now)
    finally:
        close_old_connections()
    run_jobs(timezone.now())
    return runs


class WorkerLoop:
    """Runs `step` every `poll_seconds` until stopped. `stop()` (from a signal handler
    or another thread) ends the loop after the step in progress, never in the middle."""

    def __init__(
        self,
        poll_seconds: float = DEFAULT_POLL_SECONDS,
        step: Callable[[], object] = run_step,
    ) -> None:
        self.poll_seconds = poll_seconds
        self.step = step
        self.stopping = threading.Event()

    def stop(self) -> None:
        self.stopping.set()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                self.step()
            except Exception:
                # A database that is briefly unreachable must not end automatic backups
                # for good: log it and try again next time.
                logger.exception("Scheduled backup step failed")
            self.stopping.wait(self.poll_seconds)


def start_worker_thread(loop: WorkerLoop) -> threading.Thread:
    """Run the loop in a daemon thread (so it never keeps a stopping process alive)."""

    def run() -> None:
        try:
            loop.run()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="salonkeep-backups", daemon=True)
    thread.start()
    return thread


def back_up_on_exit(seconds: float) -> list[BackupRun]:
    """Run the backups on exit, giving up after `seconds`. The backups run in a daemon
    thread: one still running when time is up is abandoned, which is safe because a
    backup becomes visible only by its final rename (an unfinished one is just a
    temporary folder, cleaned up by the next backup)."""
    deadline = time.monotonic() + seconds
    finished: list[BackupRun] = []

    def run() -> None:
        try:
            finished.extend(backup_on_exit(timezone.now(), deadline=deadline))
        except Exception:
            logger.exception("Backup on exit failed")
        finally:
            connections.close_all()

    thread = threading.Thread(target=run, name="salonkeep-exit-backup", daemon=True)
    thread.start()
    thread.join(max(0.0, deadline - time.monotonic()))
    if thread.is_alive():
        logger.warning("Backup on exit did not finish within %.0f seconds", seconds)
    return finished
