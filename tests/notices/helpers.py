"""Shared data for the notices tests: the seed's five notices as form posts."""

from pathlib import Path

from django.urls import reverse

SEED = Path("/work/shared/seeds/000_ca8001d716ba1cf4.txt")


def seed_paragraphs() -> list[str]:
    text = SEED.read_text(encoding="utf-8") if SEED.exists() else ""
    return [part.strip() for part in text.split("\n\n") if part.strip()][:5]


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
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


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
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def closure(**changes):
    data = {
        "title": "Closed for Labor Day",
        "body": "Our offices will be closed for the Labor Day holiday.",
        "public": "on",
        "time_zone": "America/New_York",
        "window_start": "2026-09-07T00:00",
        "window_end": "2026-09-08T09:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def information(**changes):
    data = {
        "title": "New support phone number",
        "body": "Call us on +44 20 7946 0000 from now on.",
        "public": "on",
        "time_zone": "Europe/London",
        "window_start": "",
        "window_end": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
