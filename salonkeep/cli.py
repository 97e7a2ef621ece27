"""The `salonkeep` command: a thin layer over Django's management commands.

`salonkeep` alone means `salonkeep serve`.
"""

from __future__ import annotations

import os
import sys

from salonkeep import __version__
from salonkeep.config import ConfigError, load

COMMANDS = {
    "serve": "Run the live salon system (the default).",
    "demo": "Create a demo salon to try things out (--size large for benchmarks).",
    "createbusiness": "Add a salon (business) and its owner login to this installation.",
    "createuser": "Add a staff login to a salon.",
    "operator": "Let a login post notices for every salon (the installation's operator).",
    "config": "Print the settings in effect and where each came from.",
    "migrate": "Apply database migrations (serve does this by itself).",
    "check": "Run the start-up checks.",
    "backup": "Back up a salon now (verified; keeps the newest 25).",
    "backups": "List the backups in a backup location.",
    "verify": "Check a backup end to end.",
    "restore": "Restore a salon from a backup (everything checked first).",
    "worker": "Run the automatic backups on each salon's schedule (serve does this too).",
    "outage-pack": "Write the outage pack (tomorrow's day sheets as PDFs) now.",
    "standby": "Run the read-only backup book from a backup location (on another computer).",
}

OVERVIEW = (
    f"""usage: salonkeep [--home FOLDER] [COMMAND] [OPTIONS]

Salonkeep {__version__}: salon and spa management that keeps working through failures.

Commands:
"""
    + "\n".join(f"  {name:<16}{text}" for name, text in COMMANDS.items())
    + """

With no command, `salonkeep` runs `serve`. Every command takes --help.
Any other Django management command also works (e.g. `salonkeep shell`).

Options:
  --home FOLDER   Data folder (same as the SALONKEEP_HOME environment variable).
  --version       Print the version.
"""
)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["--home"]:
        if len(args) < 2:
            print("salonkeep: --home needs a folder", file=sys.stderr)
            return 2
        os.environ["SALONKEEP_HOME"] = args[1]
        args = args[2:]
    if args[:1] in (["-h"], ["--help"], ["help"]) and len(args) == 1:
        print(OVERVIEW)
        return 0
    if args[:1] == ["--version"]:
        print(__version__)
        return 0
    if not args or args[0].startswith("-"):
        args = ["serve", *args]
    try:
        load()
    except ConfigError as error:
        print(f"salonkeep: configuration error: {error}", file=sys.stderr)
        return 2
    # The standby has settings of its own: no live database, its own secret key.
    standby = args[0] == "standby"
    os.environ["DJANGO_SETTINGS_MODULE"] = (
        "salonkeep.standby.settings" if standby else "salonkeep.settings"
    )
    from django.core.management import execute_from_command_line

    execute_from_command_line(["salonkeep", *args])
    return 0
