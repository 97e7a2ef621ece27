from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from salonkeep.config import int_between


class Command(BaseCommand):
    help = (
        "Run the live salon system: apply any pending database migrations, then serve the "
        "web app with a production web server (waitress). Host and port default to the "
        "configuration (see `salonkeep config`)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", help="Address to listen on (0.0.0.0 for the whole network).")
        parser.add_argument("--port", help="Port to listen on.")
        parser.add_argument("--threads", help="Web server worker threads.")

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from salonkeep.wsgi import application

        config = settings.CONFIG
        host = options["host"] or config["host"]
        try:
            port = int_between(1, 65535)(options["port"] or str(config["port"]))
            threads = int_between(1, 64)(options["threads"] or str(config["threads"]))
        except ValueError as error:
            self.stderr.write(f"--port/--threads {error}.")
            raise SystemExit(2) from None
        call_command("check")
        call_command("migrate", interactive=False, verbosity=0)
        shown = "localhost" if host in {"127.0.0.1", "0.0.0.0", "::"} else host
        self.stdout.write(f"Salonkeep is running at http://{shown}:{port}/  (Ctrl+C to stop)")
        self.stdout.write(f"Data folder: {settings.SALONKEEP_HOME}")
        self.stdout.flush()
        logging.getLogger("waitress").setLevel(logging.WARNING)
        serve(application, host=host, port=port, threads=threads, ident="salonkeep")
