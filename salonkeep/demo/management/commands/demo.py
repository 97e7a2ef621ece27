from __future__ import annotations

import argparse
import contextlib
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from salonkeep.accounts.models import CURRENCIES, Business, validate_time_zone
from salonkeep.demo import large, small
from salonkeep.demo.logins import DemoLogin, login_instructions, usernames_taken
from salonkeep.demo.removal import delete_business
from salonkeep.demo.small import DemoOptions


def scale_fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a number such as 0.002") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError("must be more than 0 and at most 1")
    return value


class Command(BaseCommand):
    help = (
        "Create a demo salon to try Salonkeep with: a realistic salon (slug `demo`) with a "
        "team, service menu, a few hundred clients, four weeks of appointments with the last "
        "week checked out (payments, tips, products, a gift card, payments owed), and four "
        "logins (owner, manager, frontdesk, stylist; password salonkeep-demo). "
        "`--size large` creates a big salon for benchmarks instead (slug `demo-large`: "
        "3 locations, 40 team members, 50,000 clients, 500,000 appointments over four "
        "years; logins prefixed large-). Running it again keeps the existing demo; "
        "--reset deletes that demo salon (and only it) and creates it afresh."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=["small", "large"],
            default="small",
            help="small: a salon to try things out (default); large: a big salon for benchmarks.",
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Delete the existing demo salon of this size and create it again.",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2024,
            help="Random seed: the same seed on the same day gives the same salon (default 2024).",
        )
        parser.add_argument(
            "--time-zone",
            default="Europe/London",
            help="The salon's time zone (default Europe/London).",
        )
        parser.add_argument(
            "--currency",
            default="GBP",
            choices=[code for code, _ in CURRENCIES],
            help="The salon's currency (default GBP).",
        )
        # For tests: build a fraction of the large salon through the same code.
        parser.add_argument("--scale", type=scale_fraction, default=1.0, help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            validate_time_zone(options["time_zone"])
        except ValidationError as error:
            raise CommandError(f"--time-zone: {error.messages[0]}") from None
        is_large = options["size"] == "large"
        slug = large.SLUG if is_large else small.SLUG
        logins = large.LOGINS if is_large else small.LOGINS

        _migrate_if_needed()
        started = time.monotonic()
        # The small demo is rebuilt in one transaction: a failure keeps the old one.
        # The large one commits in chunks, so its old copy goes first.
        with transaction.atomic() if not is_large else contextlib.nullcontext():
            business = self._replace(slug, logins, is_large, options)
        if business is None:
            return
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Created the demo salon “{business.name}” in {elapsed:.1f} s.")
        )
        self._print_logins(logins)

    def _replace(
        self, slug: str, logins: list[DemoLogin], is_large: bool, options: dict[str, Any]
    ) -> Business | None:
        existing = Business.objects.filter(slug=slug).first()
        if existing is not None and not options["reset"]:
            self.stdout.write(
                f"The demo salon “{existing.name}” (slug {slug}) already exists; nothing "
                "changed. Use --reset to delete it and create it again."
            )
            self._print_logins(logins)
            return None
        if existing is not None:
            delete_business(existing)
            self.stdout.write(f"Deleted the demo salon “{existing.name}” (slug {slug}).")
        taken = usernames_taken(logins)
        if taken:
            wanted = ", ".join(login.username for login in logins)
            verb = "is" if len(taken) == 1 else "are"
            raise CommandError(
                f"The demo needs the usernames {wanted}, but {', '.join(taken)} {verb} "
                "already taken by another salon on this installation."
            )

        demo_options = DemoOptions(
            currency=options["currency"], time_zone=options["time_zone"], seed=options["seed"]
        )
        if is_large:
            return large.build_large_demo(
                demo_options, timezone.now(), scale=options["scale"], progress=self._progress
            )
        return small.build_small_demo(demo_options, timezone.now(), progress=self._progress)

    def _progress(self, text: str) -> None:
        self.stdout.write(text)
        self.stdout.flush()

    def _print_logins(self, logins: list[DemoLogin]) -> None:
        self.stdout.write("\n".join(login_instructions(logins)))


def _migrate_if_needed() -> None:
    """A fresh data folder has no tables yet; `serve` would migrate, so the demo does too."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0)
