"""How old the standby's book is, in words, on every page and printout.

"fresh" up to 15 minutes (the live system publishes every 5 minutes when something
changed, and confirms every 5 minutes when nothing did, so a running live system never
gets past it); "amber" up to 60 minutes (a few publications missed: the live system
or the location is probably down); "red" beyond (bookings made since may be missing).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

AMBER_AFTER = timedelta(minutes=15)
RED_AFTER = timedelta(minutes=60)


def age_text(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{hours} h {minutes} min ago" if minutes else f"{hours} h ago"
    return f"{hours // 24} days ago"


@dataclass(frozen=True)
class Freshness:
    as_of: datetime  # aware
    tz: ZoneInfo
    now: datetime  # aware

    @property
    def age(self) -> timedelta:
        return max(self.now - self.as_of, timedelta(0))

    @property
    def level(self) -> str:
        if self.age >= RED_AFTER:
            return "red"
        if self.age >= AMBER_AFTER:
            return "amber"
        return "fresh"

    @property
    def as_of_text(self) -> str:
        local = self.as_of.astimezone(self.tz)
        today = self.now.astimezone(self.tz).date()
        shown = f"{local:%H:%M}" if local.date() == today else f"{local:%a %d %b %Y %H:%M}"
        return f"Book as of {shown} ({self.tz.key}), {age_text(self.age)}"

    def __str__(self) -> str:
        return self.as_of_text
