"""Shared data for the notices tests: the seed's five notices as form posts."""

from pathlib import Path

from django.urls import reverse

# The five notices the feature must be able to publish, word for word.
FIVE_NOTICES = Path(__file__).resolve().parent / "fixtures" / "five-notices.txt"


def with_changes(data, changes):
    """The form data with `changes` applied; a change to None leaves the field out."""
    merged = {**data, **changes}
    return {key: value for key, value in merged.items() if value is not None}


def seed_paragraphs() -> list[str]:
    text = FIVE_NOTICES.read_text(encoding="utf-8")
    return [part.strip() for part in text.split("\n\n") if part.strip()]


def create_url(kind):
    return reverse("notices:create", args=[kind])


def incident(**changes):
    data = {
        "title": "Card payments are failing",
        "progress": "investigating",
        "body": "Our card processor is having problems processing payments.",
        "services": ["card_payments"],
        "impact": "major_outage",
        "support_url": "https://status.example.com/",
        "support_phone": "+1 555 0100",
        "public": "on",
        "time_zone": "Europe/London",
        "window_start": "",
        "window_end": "",
    }
    return with_changes(data, changes)


def maintenance(**changes):
    data = {
        "title": "Database upgrade",
        "body": "Online services will not be available during this window.",
        "services": ["online_booking", "messaging"],
        "public": "on",
        "time_zone": "America/New_York",
        "window_start": "2026-12-06T22:00",
        "window_end": "2026-12-07T05:00",
    }
    return with_changes(data, changes)


def closure(**changes):
    data = {
        "title": "Closed for Labor Day",
        "body": "Our offices will be closed for the Labor Day holiday.",
        "public": "on",
        "time_zone": "America/New_York",
        "window_start": "2026-09-07T00:00",
        "window_end": "2026-09-08T09:00",
    }
    return with_changes(data, changes)


def information(**changes):
    data = {
        "title": "New support phone number",
        "body": "Call us on +44 20 7946 0000 from now on.",
        "public": "on",
        "time_zone": "Europe/London",
        "window_start": "",
        "window_end": "",
    }
    return with_changes(data, changes)
