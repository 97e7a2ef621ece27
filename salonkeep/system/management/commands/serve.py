from __future__ import annotations

import logging
import signal
import threading
import time
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from salonkeep.config import int_between
from salonkeep.continuity.work_folders import remove_stale_work_folders
from salonkeep.continuity.worker import (
    DEFAULT_EXIT_BACKUP_SECONDS,
    DEFAULT_POLL_SECONDS,
    WorkerLoop,
    back_up_on_exit,
    start_worker_thread,
)


def start_backup_worker(
    poll_seconds: float = DEFAULT_POLL_SECONDS,
) -> tuple[WorkerLoop, threading.Thread]:
    """The automatic backups, in a daemon thread beside the web server."""
    loop = WorkerLoop(poll_seconds)
    return loop, start_worker_thread(loop)


def stop_on_sigterm() -> None:
    """Make SIGTERM (what service managers send) stop the web server the way Ctrl+C
    does, so the shutdown steps after it run instead of the process just dying."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


class Command(BaseCommand):
    help = (
        "Run the live salon system: apply any pending database migrations, then serve the "
        "web app with a production web server (waitress). Host and port default to the "
        "configuration (see `salonkeep config`). Also runs the automatic backups in the "
        "background (see `salonkeep worker`) unless --no-worker is given. On SIGTERM or "
        'Ctrl+C it stops serving, then backs up every salon that has "back up on exit" '
        "on and no verified backup from the last hour, for at most --exit-backup-seconds: "
        "keep that below your service manager's stop timeout (systemd: TimeoutStopSec, "
        "90 seconds by default)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", help="Address to listen on (0.0.0.0 for the whole network).")
        parser.add_argument("--port", help="Port to listen on.")
        parser.add_argument("--threads", help="Web server worker threads.")
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not run the automatic backups in this process (run `salonkeep worker`).",
        )
        parser.add_argument(
            "--exit-backup-seconds",
            metavar="SECONDS",
            default=str(int(DEFAULT_EXIT_BACKUP_SECONDS)),
            help=(
                "Longest time to spend on backups when stopping; 0 skips them "
                f"(default {DEFAULT_EXIT_BACKUP_SECONDS:.0f})."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from salonkeep.wsgi import application

        config = settings.CONFIG
        host = options["host"] or config["host"]
        try:
            port = int_between(1, 65535)(options["port"] or str(config["port"]))
            threads = int_between(1, 64)(options["threads"] or str(config["threads"]))
            exit_seconds = float(int_between(0, 3600)(options["exit_backup_seconds"]))
        except ValueError as error:
            self.stderr.write(f"--port/--threads/--exit-backup-seconds {error}.")
            raise SystemExit(2) from None
        call_command("check")
        call_command("migrate", interactive=False, verbosity=0)
        remove_stale_work_folders()
        shown = "localhost" if host in {"127.0.0.1", "0.0.0.0", "::"} else host
        self.stdout.write(f"Salonkeep is running at http://{shown}:{port}/  (Ctrl+C to stop)")
        self.stdout.write(f"Data folder: {settings.SALONKEEP_HOME}")
        self.stdout.flush()
        logging.getLogger("waitress").setLevel(logging.WARNING)
        worker = None if options["no_worker"] else start_backup_worker()
        stop_on_sigterm()
        try:
            # waitress returns (rather than raising) on KeyboardInterrupt.
            serve(application, host=host, port=port, threads=threads, ident="salonkeep")
        except BaseException:
            # It never started (e.g. the port is taken): nothing to back up on exit.
            if worker is not None:
                worker[0].stop()
            raise
        self.shut_down(worker, exit_seconds)

    def shut_down(
        self, worker: tuple[WorkerLoop, threading.Thread] | None, exit_seconds: float
    ) -> None:
        """Let a scheduled backup in progress finish (within the time allowed), then make
        the backups on exit."""
        deadline = time.monotonic() + exit_seconds
        if worker is not None:
            loop, thread = worker
            loop.stop()
            thread.join(exit_seconds)
        remaining = deadline - time.monotonic()
        if exit_seconds and remaining > 0:
            self.stdout.write("Stopping: making the backups on exit (Ctrl+C again to skip them)…")
            self.stdout.flush()
            for run in back_up_on_exit(remaining):
                self.stdout.write(f"Backup of {run.business.slug} on exit: {run.status}.")
        self.stdout.write("Salonkeep stopped.")
