"""`salonkeep worker`: run the automatic backups on the owners' schedules."""

from __future__ import annotations

import argparse
import signal
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from salonkeep.continuity.models import BackupRun, RunStatus
from salonkeep.continuity.work_folders import remove_stale_work_folders
from salonkeep.continuity.worker import DEFAULT_POLL_SECONDS, WorkerLoop, run_step


def poll_seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a number of seconds such as 60") from None
    if not 1 <= seconds <= 3600:
        raise argparse.ArgumentTypeError("must be between 1 and 3600 seconds")
    return seconds


def describe(run: BackupRun) -> str:
    slug = run.business.slug
    if run.status == RunStatus.VERIFIED:
        return f"Backed up {slug}: {run.path}"
    return f"Backup of {slug} FAILED: {run.error}"


class Command(BaseCommand):
    help = (
        "Run the automatic backups: every salon is backed up on the days and hours set "
        "in its backup settings (wall-clock times in the salon's time zone), checking "
        "for due backups every --poll seconds. `salonkeep serve` already does this in "
        "the background; use `worker` with `serve --no-worker` to run backups in a "
        "separate process. Several workers may run at once: a salon is only ever backed "
        "up by one of them at a time. SIGTERM or Ctrl+C stops the worker once the step "
        "in progress has finished."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--poll",
            metavar="SECONDS",
            type=poll_seconds,
            default=DEFAULT_POLL_SECONDS,
            help=f"How often to look for due backups (default {DEFAULT_POLL_SECONDS:.0f}).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Make the backups that are due now, then exit.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        remove_stale_work_folders()

        def step() -> None:
            for run in run_step():
                line = describe(run)
                (self.stdout if run.status == RunStatus.VERIFIED else self.stderr).write(line)
                self.stdout.flush()

        if options["once"]:
            step()
            return
        loop = WorkerLoop(options["poll"], step)

        def stop(signum: int, frame: FrameType | None) -> None:
            loop.stop()

        previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        poll = options["poll"]
        self.stdout.write(f"Backup worker running: looking for due backups every {poll:g} s.")
        self.stdout.flush()
        try:
            loop.run()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
        self.stdout.write("Backup worker stopped.")
