"""What every benchmark script starts with: Django set up on a data folder that holds
the large demo salon (`salonkeep demo --size large`), built there if missing."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def set_up_django(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    os.environ["SALONKEEP_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "salonkeep.settings"
    sys.path.insert(0, str(REPO))
    # Static files are served from the package; whitenoise's note about the empty
    # collectstatic folder is noise in a benchmark's output.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
    import django

    django.setup()


def ensure_large_demo() -> Any:
    """The large demo business, built first if this data folder lacks it."""
    from django.core.management import call_command

    from salonkeep.accounts.models import Business
    from salonkeep.demo import large

    call_command("migrate", interactive=False, verbosity=0)  # a fresh folder has no tables
    if not Business.objects.filter(slug=large.SLUG).exists():
        print("Building the large demo salon (a few minutes)...", flush=True)
    call_command("demo", size="large")  # prints the logins; says so if it already exists
    return Business.objects.get(slug=large.SLUG)
