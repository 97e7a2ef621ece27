"""`salonkeep createbusiness`: add a salon and its owner login from the command line."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_slug

from salonkeep.accounts import command_line
from salonkeep.accounts.forms import SetupForm
from salonkeep.accounts.models import CURRENCIES, Business
from salonkeep.accounts.provisioning import NewBusiness, create_business

# Which option to fix for each field of the setup form.
OPTIONS = {
    "business_name": "--name",
    "currency": "--currency",
    "time_zone": "--time-zone",
    "location_name": "--location",
    "owner_name": "--owner-name",
    "username": "--owner-username",
    "password": "password",
    "password_again": "password",
}
PASSWORD_FIELDS = set(command_line.PASSWORD_FIELDS)

EXAMPLES = """
The salon gets one location, open Monday to Saturday 09:00-18:00 (change the hours
under Settings > Locations), and an owner login that is also a bookable team member.
Missing values are asked for when run at a terminal; the password is never echoed.
Changes are recorded in the activity log as made by "command line".

examples:
  salonkeep createbusiness --name "Rose & Thorn" --owner-username olivia \\
      --owner-name "Olivia Owner"
  salonkeep createbusiness --no-input --name "Rose & Thorn" --slug rose \\
      --currency EUR --time-zone Europe/Dublin --location "Main Street" \\
      --owner-username olivia --owner-name "Olivia Owner" --owner-password-file pw.txt
"""


class Command(BaseCommand):
    help = "Add a salon (business) with its first location and owner login.\n" + EXAMPLES

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        kwargs.setdefault("formatter_class", command_line.ExamplesHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", help="The salon's name, as staff see it.")
        parser.add_argument(
            "--slug",
            help="Short name for other commands (createuser --business SLUG); letters, "
            "digits, - and _. Default: made from --name.",
        )
        parser.add_argument(
            "--currency",
            default="GBP",
            type=str.upper,
            choices=[code for code, _label in CURRENCIES],
            metavar="CODE",
            help="Currency of prices: "
            + ", ".join(code for code, _label in CURRENCIES)
            + ". Default: GBP.",
        )
        parser.add_argument(
            "--time-zone",
            default="Europe/London",
            metavar="ZONE",
            help="Time zone name such as Europe/London or America/New_York; every time is "
            "shown in it. Default: Europe/London.",
        )
        parser.add_argument("--location", help="Name of the first location. Default: Main salon.")
        parser.add_argument(
            "--owner-username",
            metavar="USERNAME",
            help="The owner's login name; unique across this installation, ignoring case.",
        )
        parser.add_argument("--owner-name", metavar="NAME", help="The owner's full name.")
        command_line.add_asking_arguments(parser, "--owner-password-file", "the owner's")

    def handle(self, *args: Any, **options: Any) -> None:
        interactive = options["interactive"] and command_line.stdin_is_terminal()

        def value(key: str, option: str, question: str, default: str = "") -> str:
            return command_line.value_or_ask(
                options[key], option, question, interactive=interactive, default=default
            )

        data = {
            "business_name": value("name", "--name", "Salon name"),
            "currency": str(options["currency"]).upper(),
            "time_zone": options["time_zone"].strip(),
            "location_name": value("location", "--location", "First location", "Main salon"),
            "username": value("owner_username", "--owner-username", "Owner's username"),
            "owner_name": value("owner_name", "--owner-name", "Owner's full name"),
        }
        slug = self._checked_slug(options["slug"])
        # Everything but the password first, so nobody types a password for nothing.
        self._check(SetupForm(data), skip=PASSWORD_FIELDS)

        if options["owner_password_file"]:
            password = command_line.read_password_file(options["owner_password_file"])
        elif interactive:
            password = command_line.prompt_new_password(
                data["username"],
                lambda typed: command_line.password_problems(
                    SetupForm({**data, "password": typed, "password_again": typed})
                ),
            )
        else:
            raise CommandError(
                "Give the owner's password with --owner-password-file FILE "
                "(or run at a terminal to be asked for it)."
            )
        form = SetupForm({**data, "password": password, "password_again": password})
        self._check(form)

        cleaned = form.cleaned_data
        business, owner = create_business(
            NewBusiness(
                name=cleaned["business_name"],
                currency=cleaned["currency"],
                time_zone=cleaned["time_zone"],
                location_name=cleaned["location_name"],
                owner_username=cleaned["username"],
                owner_password=password,
                owner_name=cleaned["owner_name"],
                slug=slug,
            ),
            actor=command_line.ACTOR,
        )
        self.stdout.write(
            self.style.SUCCESS(f"Created the salon “{business.name}” (slug {business.slug}).")
        )
        self.stdout.write(
            f"Location “{cleaned['location_name']}” is open Monday to Saturday, 09:00-18:00.\n"
            f"The owner logs in as “{owner.username}”. Add staff logins under Settings, "
            f"or with: salonkeep createuser --business {business.slug}"
        )

    def _check(self, form: SetupForm, skip: set[str] | None = None) -> None:
        form.is_valid()
        problems = command_line.form_errors(form, OPTIONS, skip)
        if problems:
            raise CommandError(f"The salon was not created:\n{problems}")

    def _checked_slug(self, slug: str | None) -> str:
        if slug is None:
            return ""
        slug = slug.strip().lower()
        try:
            validate_slug(slug)
        except ValidationError:
            raise CommandError(f"--slug “{slug}” may only hold letters, digits, - and _.") from None
        if len(slug) > Business._meta.get_field("slug").max_length:  # type: ignore[operator]
            raise CommandError("--slug is longer than 60 characters.")
        if Business.objects.filter(slug__iexact=slug).exists():
            raise CommandError(f"--slug “{slug}” is taken by another salon.")
        return slug
