"""`salonkeep operator`: make a login the installation's operator (or stop it being one)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salonkeep.accounts import command_line
from salonkeep.accounts.models import User
from salonkeep.activity.recorder import acting_as

EXAMPLES = """
The installation's operator posts notices for every salon on this installation
(incidents, maintenance windows, closures, information) from the Notices page, where
the form then offers "For every salon on this installation". A salon's owners and
managers post notices for their own salon only. The login must be an owner or manager
of one of the salons (it signs in as usual). Stored as the login's superuser flag.

examples:
  salonkeep operator olivia            # olivia may now post for every salon
  salonkeep operator olivia --remove   # and no longer may
  salonkeep operator --list
"""


class Command(BaseCommand):
    help = "Let a login post notices for every salon (the installation's operator).\n" + EXAMPLES

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", command_line.ExamplesHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", nargs="?", help="The login (an owner or manager).")
        parser.add_argument(
            "--remove", action="store_true", help="Stop this login being an operator."
        )
        parser.add_argument("--list", action="store_true", help="List the operators.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            names = User.objects.filter(is_superuser=True).order_by("username")
            for operator in names:
                self.stdout.write(f"{operator.username} ({operator.business or 'no salon'})")
            if not names:
                self.stdout.write("No operators yet.")
            return
        username = options["username"]
        if not username:
            raise CommandError("Name a login, e.g. `salonkeep operator olivia`, or use --list.")
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"There is no login called “{username}”.")
        if not options["remove"] and not user.can_manage:
            raise CommandError(
                f"{user.username} is a {user.get_role_display()}; only an owner or manager "
                "can be the operator."
            )
        user.is_superuser = not options["remove"]
        with acting_as(command_line.ACTOR):
            user.save(update_fields=["is_superuser"])
        state = "is no longer" if options["remove"] else "is now"
        self.stdout.write(f"{user.username} {state} the installation's operator.")
