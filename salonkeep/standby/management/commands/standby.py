from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from salonkeep.config import int_between
from salonkeep.standby.registry import Standby, install
from salonkeep.standby.sources import SourceError, open_source

DEFAULT_PORT = 8100
DEFAULT_CHECK_SECONDS = 30


def watch(standby: Standby, every: float, stop: threading.Event) -> None:
    """Look for newer snapshots until stopped. A thread of the standby only: the live
    system's background work runs as registered jobs."""
    while not stop.wait(every):
        try:
            standby.refresh(timezone.now())
        except Exception:  # a bad check must not end the checking
            logging.getLogger(__name__).exception("Checking for newer snapshots failed")


class Command(BaseCommand):
    help = (
        "Run the read-only backup book: serve the newest verified snapshot of every salon "
        "found in a backup location (a folder, e.g. a network share, or an s3:// bucket), "
        "with the same usernames and passwords as the live system. Meant for another "
        "computer: it never connects to the live system or its database, and refuses every "
        "change. Checks the location for newer snapshots every --check-seconds and switches "
        "to one only after verifying it. Run it with `salonkeep standby`, which uses the "
        "standby's own settings (no live database, its own secret key in "
        "<data folder>/standby/)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--from",
            dest="location",
            required=True,
            metavar="LOCATION",
            help="The backup location: a folder, or s3://BUCKET/PREFIX.",
        )
        parser.add_argument(
            "--salon",
            action="append",
            default=[],
            metavar="SLUG",
            help=(
                "For an s3:// location: serve only this salon (its slug); repeat for "
                "several. Default: every salon in the bucket."
            ),
        )
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="Address to listen on (0.0.0.0 for the whole salon network). Default 127.0.0.1.",
        )
        parser.add_argument(
            "--port", default=str(DEFAULT_PORT), help=f"Port (default {DEFAULT_PORT})."
        )
        parser.add_argument(
            "--check-seconds",
            default=str(DEFAULT_CHECK_SECONDS),
            metavar="SECONDS",
            help=f"How often to look for a newer snapshot (default {DEFAULT_CHECK_SECONDS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not getattr(settings, "SALONKEEP_STANDBY", False):
            raise CommandError(
                "Run the standby as `salonkeep standby`: it needs the standby's own settings "
                "(DJANGO_SETTINGS_MODULE=salonkeep.standby.settings)."
            )
        try:
            port = int_between(1, 65535)(options["port"])
            every = int_between(1, 3600)(options["check_seconds"])
        except ValueError as error:
            raise CommandError(f"--port/--check-seconds {error}.") from None
        try:
            source = open_source(options["location"], options["salon"])
        except SourceError as error:
            raise CommandError(str(error)) from None
        work = Path(settings.SALONKEEP_HOME) / "standby" / "snapshots"
        # Copies left by an earlier run are stale: everything is fetched and verified anew.
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        standby = Standby(source, work)
        for event in standby.refresh(timezone.now()):
            self.stdout.write(event)
        if not standby.all():
            self.stdout.write(
                f"No verified snapshot in {source.description} yet; looking every {every} s."
            )
        install(standby)
        self.serve(standby, options["host"], port, every)

    def serve(self, standby: Standby, host: str, port: int, every: int) -> None:
        from django.core.wsgi import get_wsgi_application
        from waitress import serve

        stop = threading.Event()
        watcher = threading.Thread(target=watch, args=(standby, every, stop), daemon=True)
        watcher.start()
        shown = "localhost" if host in {"127.0.0.1", "0.0.0.0", "::"} else host
        self.stdout.write(
            f"Salonkeep standby (read-only) is running at http://{shown}:{port}/  "
            f"serving {source_text(standby)}  (Ctrl+C to stop)"
        )
        self.stdout.flush()
        logging.getLogger("waitress").setLevel(logging.WARNING)
        try:
            application = get_wsgi_application()
            serve(application, host=host, port=port, threads=8, ident="salonkeep-standby")
        finally:
            stop.set()
            standby.close()


def source_text(standby: Standby) -> str:
    salons = ", ".join(served.slug for served in standby.all()) or "no salon yet"
    return f"{standby.source.description} ({salons})"
