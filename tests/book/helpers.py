"""Shared by the book's tests: a fixed day and a quick way to book on it."""

from __future__ import annotations

from datetime import UTC, date, datetime

from salonkeep.book.booking import LineRequest, book_appointment

# Tuesday 24 November 2026; London is on UTC in winter, so local time = UTC here.
DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)  # the Monday before, 09:00


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def book(salon, *lines, client=None, **kwargs):
    """book(salon, (service, member, start), ...) with the salon's location and client."""
    return book_appointment(
        business=salon.business,
        location=kwargs.pop("location", salon.location),
        client=client or salon.client,
        lines=[LineRequest(service=s, team_member=m, starts_at=t) for s, m, t in lines],
        **kwargs,
    )
