"""`salonkeep createuser`: add a staff login to a salon from the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from salonkeep.accounts import command_line
from salonkeep.accounts.models import Business, Role
from salonkeep.accounts.staff_forms import StaffLoginCreateForm
from salonkeep.activity.recorder import acting_as

OPTIONS = {
    "username": "--username",
    "name": "--name",
    "role": "--role",
    "email": "--email",
    "password": "password",
    "password_again": "password",
}
PASSWORD_FIELDS = set(command_line.PASSWORD_FIELDS)
ROLE_HELP = "; ".join(f"{role.value} ({role.label})" for role in Role)

EXAMPLES = f"""
Roles: {ROLE_HELP}.
Owners and managers run the business (settings, menu, team, activity log); the front
desk makes and changes appointments; stylists see the book. A login is not a bookable
team member by itself: link it to one under Team.
Missing values are asked for when run at a terminal; the password is never echoed.
Changes are recorded in the activity log as made by "command line".

examples:
  salonkeep createuser --username sam --role stylist --name "Sam Stylist"
  salonkeep createuser --no-input --business rose-thorn --username dee \\
      --role front_desk --name "Dee Desk" --password-file pw.txt
"""


class Command(BaseCommand):
    help = "Add a staff login to a salon.\n" + EXAMPLES

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", command_line.ExamplesHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--business",
            metavar="SLUG",
            help="The salon's short name (shown by createbusiness and under Settings > "
            "Business details). May be left out when the installation has one salon.",
        )
        parser.add_argument(
            "--username",
            help="Login name; unique across this installation, ignoring case.",
        )
        parser.add_argument(
            "--role",
            choices=Role.values,
            help="What the login may do: " + ", ".join(Role.values) + ".",
        )
        parser.add_argument("--name", help="The person's full name.")
        parser.add_argument("--email", default="", help="Their e-mail address (optional).")
        command_line.add_asking_arguments(parser, "--password-file", "the")

    def handle(self, *args: Any, **options: Any) -> None:
        interactive = options["interactive"] and command_line.stdin_is_terminal()
        business = self._business(options["business"])

        def value(key: str, option: str, question: str) -> str:
            return command_line.value_or_ask(
                options[key], option, question, interactive=interactive
            )

        data = {
            "username": value("username", "--username", "Username"),
            "name": value("name", "--name", "Full name"),
            "role": value("role", "--role", f"Role ({', '.join(Role.values)})"),
            "email": options["email"].strip(),
        }
        self._check(StaffLoginCreateForm(data, actor=None, business=business), PASSWORD_FIELDS)

        if options["password_file"]:
            password = command_line.read_password_file(options["password_file"])
        elif interactive:
            password = command_line.prompt_new_password(
                data["username"],
                lambda typed: command_line.password_problems(
                    StaffLoginCreateForm(
                        {**data, "password": typed, "password_again": typed},
                        actor=None,
                        business=business,
                    )
                ),
            )
        else:
            raise CommandError(
                "Give the password with --password-file FILE "
                "(or run at a terminal to be asked for it)."
            )
        form = StaffLoginCreateForm(
            {**data, "password": password, "password_again": password},
            actor=None,
            business=business,
        )
        self._check(form)
        with acting_as(command_line.ACTOR):
            login = form.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"Added the login “{login.username}” ({login.get_role_display()}) "
                f"to {business.name}."
            )
        )

    def _business(self, slug: str | None) -> Business:
        if slug:
            try:
                return Business.objects.get(slug__iexact=slug.strip())
            except Business.DoesNotExist:
                raise CommandError(
                    f"No salon has the slug “{slug}”. {self._known_slugs()}"
                ) from None
        businesses = list(Business.objects.order_by("slug")[:2])
        if len(businesses) == 1:
            return businesses[0]
        if not businesses:
            raise CommandError("There is no salon yet: create one with `salonkeep createbusiness`.")
        raise CommandError(
            f"This installation has several salons; say which with --business. "
            f"{self._known_slugs()}"
        )

    def _known_slugs(self) -> str:
        slugs = list(Business.objects.order_by("slug").values_list("slug", flat=True))
        return f"Salons: {', '.join(slugs)}." if slugs else "There is no salon yet."

    def _check(self, form: StaffLoginCreateForm, skip: set[str] | None = None) -> None:
        form.is_valid()
        problems = command_line.form_errors(form, OPTIONS, skip)
        if problems:
            raise CommandError(f"The login was not created:\n{problems}")
