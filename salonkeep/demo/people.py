"""Made-up clients, their patch tests and colour notes, as unsaved rows for bulk_create."""

from __future__ import annotations

import contextlib
import random
import unicodedata
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta

from django.db import models

from salonkeep.clients.models import Client, ColourNote, PatchTest, PatchTestResult
from salonkeep.demo import names
from salonkeep.lib.phone import phone_key


@contextlib.contextmanager
def keeping_given_timestamps(*fields: tuple[type[models.Model], str]) -> Iterator[None]:
    """Let bulk_create store the `created_at` we give instead of stamping "now".

    Generated data has a history (clients who joined years ago, appointments booked
    weeks ahead); `auto_now_add` would date it all to the moment the demo ran. Only the
    demo command uses this, in its own process.
    """
    switched: list[models.DateTimeField[datetime, datetime]] = []
    for model, name in fields:
        field = model._meta.get_field(name)
        assert isinstance(field, models.DateTimeField)
        if field.auto_now_add:
            field.auto_now_add = False
            switched.append(field)
    try:
        yield
    finally:
        for field in switched:
            field.auto_now_add = True


def ascii_letters(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in plain.lower() if ch.isalpha())


def fictional_phone(rng: random.Random) -> str:
    return f"{rng.choice(names.FICTIONAL_PHONE_PREFIXES)}{rng.randrange(1000):03d}"


def new_client(business_id: int, rng: random.Random, today: date, joined: datetime) -> Client:
    first = rng.choice(names.FIRST_NAMES)
    last = rng.choice(names.LAST_NAMES)
    phone = fictional_phone(rng) if rng.random() < 0.9 else ""
    email = ""
    if rng.random() < 0.6:
        email = (
            f"{ascii_letters(first)}.{ascii_letters(last)}{rng.randrange(10, 100)}"
            f"@{rng.choice(names.EMAIL_DOMAINS)}"
        )
    birthday = None
    if rng.random() < 0.55:
        birthday = date(today.year - rng.randrange(14, 80), 1, 1) + timedelta(
            days=rng.randrange(365)
        )
    roll = rng.random()
    return Client(
        business_id=business_id,
        first_name=first,
        last_name=last,
        phone=phone,
        phone_key=phone_key(phone),
        email=email,
        birthday=birthday,
        marketing_consent=rng.random() < 0.55,
        notes=rng.choice(names.CLIENT_NOTES) if roll < 0.25 else "",
        allergies=rng.choice(names.ALLERGIES) if roll > 0.95 else "",
        created_at=joined,
    )


def patch_test(
    business_id: int,
    client_id: int,
    tested_on: date,
    result: str,
    recorded_by_id: int | None,
    rng: random.Random,
) -> PatchTest:
    note = ""
    if result == PatchTestResult.FAILED:
        note = "Redness and itching behind the ear after 24 h. No oxidation colour."
    elif result == PatchTestResult.PASSED:
        note = "No reaction at 48 h."
    return PatchTest(
        business_id=business_id,
        client_id=client_id,
        tested_on=tested_on,
        product=rng.choice(names.PATCH_TEST_PRODUCTS),
        result=result,
        notes=note,
        recorded_by_id=recorded_by_id,
        created_at=datetime.combine(tested_on, time(10), tzinfo=UTC),
    )


def colour_note(
    business_id: int, client_id: int, at: datetime, author_id: int | None, rng: random.Random
) -> ColourNote:
    return ColourNote(
        business_id=business_id,
        client_id=client_id,
        formula=rng.choice(names.COLOUR_FORMULAS),
        created_at=at,
        created_by_id=author_id,
    )
