"""Instants are stored in UTC and shown in the business's named time zone.

Durations are computed on instants, never on wall clocks: a day with a clock change
is 23 or 25 hours long.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants at which a local calendar day starts and ends."""
    start = datetime.combine(day, time(0), tzinfo=tz).astimezone(UTC)
    end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).astimezone(UTC)
    return start, end


def local_instant(day: date, at: time, tz: ZoneInfo) -> datetime:
    """A wall-clock time on a local day as a UTC instant.

    In a repeated hour (clocks going back) the first occurrence is meant; in a skipped
    hour (clocks going forward) the wall time is read with the offset before the change,
    which lands after the gap, as a person re-reading their watch would.
    """
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def parse_iso_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def minutes_between(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)
