from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from salonkeep.config import MACHINE_KEYS, SETTINGS, describe


class Command(BaseCommand):
    help = (
        "Print the settings in effect on this computer and where each came from "
        "(environment variable, config file salonkeep.toml in the data folder, or default). "
        "Passwords are masked."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--explain", action="store_true", help="Also describe every setting.")

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(describe(settings.CONFIG))
        if options["explain"]:
            self.stdout.write("\nSettings (environment variable / config file key):")
            for setting in SETTINGS:
                self.stdout.write(f"  {setting.env} / {setting.name}: {setting.help}")
            self.stdout.write("\n[machine] keys in the config file:")
            for key, text in MACHINE_KEYS.items():
                self.stdout.write(f"  {key}: {text}")
