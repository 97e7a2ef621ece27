"""`salonkeep outage-pack`: write the outage pack of PDFs now."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salonkeep.continuity.command_line import choose_business
from salonkeep.printouts.pack import PackError, next_working_day, write_outage_pack
from salonkeep.printouts.schedule import write_pack_everywhere
from salonkeep.printouts.views.common import today_in


def iso_day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a date such as 2026-11-24") from None


class Command(BaseCommand):
    help = (
        "Write a salon's outage pack now: the appointment page of each location, all day "
        "sheets in one PDF and each team member's day sheet, into "
        "LOCATION/<salon>/outage-pack/<day>/ (the newest 7 days are kept). Without --to "
        "it goes into the salon's backup location and is recorded on the outage pack page "
        "like the evening pack. Prints the files written."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--business",
            metavar="SLUG",
            help="The salon; may be left out when there is only one.",
        )
        parser.add_argument(
            "--day",
            metavar="DATE",
            type=iso_day,
            help="The day to print, as YYYY-MM-DD (default: the next working day).",
        )
        parser.add_argument(
            "--to",
            metavar="FOLDER",
            help="Write into this folder instead of the backup location (it must exist).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        business = choose_business(options["business"])
        day = options["day"] or next_working_day(business, today_in(business))
        if options["to"]:
            try:
                paths = write_outage_pack(
                    business, day, Path(options["to"]).expanduser().absolute()
                )
            except PackError as error:
                raise CommandError(f"No outage pack was written. {error}") from None
            for path in paths:
                self.stdout.write(str(path))
            return
        failures = []
        for run in write_pack_everywhere(business, day, "command"):
            if run.error:
                failures.append(f"{run.location}: {run.error}")
            else:
                self.stdout.write(f"{run.folder} ({run.files} PDFs)")
        if failures:
            raise CommandError("No outage pack was written to " + "; ".join(failures))
