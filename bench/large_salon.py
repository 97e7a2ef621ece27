"""What every benchmark script starts with: Django set up on a data folder that holds
the large demo salon (`salonkeep demo --size large`), built there if missing."""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
BENCH_PHOTO = "bench photo"  # the caption that marks photos made by ensure_photos


def set_up_django(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    os.environ["SALONKEEP_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "salonkeep.settings")
    sys.path.insert(0, str(REPO))
    # Static files are served from the package; whitenoise's note about the empty
    # collectstatic folder is noise in a benchmark's output.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
    import django

    django.setup()


def ensure_photos(business: Any, total_mb: int, photo_mb: int = 5) -> tuple[int, int]:
    """Client photos of the large demo until they add up to ``total_mb`` megabytes:
    distinct files of random bytes (a backup treats a photo as bytes, so they need not
    be images), stored through the photo store, with ClientPhoto rows pointing at them.
    Photos from an earlier run are reused. Returns (photos, bytes)."""
    import io

    from django.db.models import Sum

    from salonkeep.clients.models import Client, ClientPhoto
    from salonkeep.clients.photo_store import store_photo

    photos = ClientPhoto.objects.filter(business=business, caption=BENCH_PHOTO)
    have = photos.aggregate(total=Sum("size"))["total"] or 0
    wanted = total_mb * 1024**2
    if have < wanted:
        print(f"Writing {(wanted - have) / 1024**2:,.0f} MB of client photos...", flush=True)
    clients = list(Client.objects.filter(business=business).order_by("pk")[:1000])
    made = []
    while have < wanted:
        size = min(photo_mb * 1024**2, wanted - have)
        sha256, size = store_photo(io.BytesIO(os.urandom(size)))
        client = clients[len(made) % len(clients)]
        made.append(
            ClientPhoto(
                business=business,
                client=client,
                sha256=sha256,
                size=size,
                content_type="image/jpeg",
                caption=BENCH_PHOTO,
            )
        )
        have += size
    # bulk_create like the demo generator: a benchmark's data, not a person's change.
    ClientPhoto.objects.bulk_create(made)
    return photos.count(), have


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
