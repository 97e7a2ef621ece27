"""When the next automatic backup is due: the owner's schedule is a wall-clock rule in
the business's time zone, turned into UTC instants here.

Daylight saving time is where schedules go wrong (one tool took 60 snapshots the night
the clocks went back), so the rules are:

- a slot whose wall time does not exist (the clocks jumped over it) runs once, at the
  instant the clocks jump to;
- a slot whose wall time happens twice (the clocks went back) runs once, the first time;
- slots that land on the same instant run once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from salonkeep.continuity.models import BackupSettings

DAY_MINUTES = 24 * 60
# Any chosen weekday appears in every 7 consecutive local days; one day more on each
# side covers an `after` near midnight and time zones far from UTC.
SEARCH_DAYS = 9


def slot_times(backup_settings: BackupSettings) -> list[time]:
    """The wall-clock times of the day at which a backup is due, in order.

    "24 hours a day" is 00:00 and every N hours after. Otherwise from the start time
    every N hours up to the end time inclusive; an end time before the start time means
    the window runs to midnight (a window never wraps into the next day, which would make
    a day's backups depend on the day before's weekday)."""
    step = max(1, min(24, backup_settings.every_hours)) * 60
    if backup_settings.all_day:
        first, last = 0, DAY_MINUTES - 1
    else:
        start, end = backup_settings.from_time, backup_settings.to_time
        first = start.hour * 60 + start.minute
        last = end.hour * 60 + end.minute
        if last < first:
            last = DAY_MINUTES - 1
    return [time(minute // 60, minute % 60) for minute in range(first, last + 1, step)]


def chosen_weekdays(backup_settings: BackupSettings) -> set[int]:
    return {int(digit) for digit in backup_settings.weekdays if digit in "0123456"}


def wall_time_instant(day: date, slot: time, tz: ZoneInfo) -> datetime:
    """The UTC instant at which the wall clock in `tz` shows `slot` on `day` (the first
    time, if it shows it twice), or the instant the clock jumps over it, if it never does."""
    wall = datetime.combine(day, slot)
    first = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    if first.astimezone(tz).replace(tzinfo=None) == wall:
        return first
    # In a gap fold=0 reads the wall time with the offset from before the jump (an
    # instant after it) and fold=1 with the offset from after (an instant before it);
    # the jump is between the two. Find the first second with the new offset.
    before = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    low, high = sorted((before, first))
    old_offset = low.astimezone(tz).utcoffset()
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if middle <= low:
            break
        if middle.astimezone(tz).utcoffset() == old_offset:
            low = middle
        else:
            high = middle
    return high


def instants_from(backup_settings: BackupSettings, tz: ZoneInfo, day: date) -> Iterator[datetime]:
    """Every due instant of the local days starting at `day`, day by day (unsorted
    within a day only where a gap reorders them, which it cannot: a jump is forward)."""
    slots = slot_times(backup_settings)
    weekdays = chosen_weekdays(backup_settings)
    for offset in range(SEARCH_DAYS):
        current = day + timedelta(days=offset)
        if current.weekday() in weekdays:
            for slot in slots:
                yield wall_time_instant(current, slot, tz)


def next_backup_after(
    backup_settings: BackupSettings, tz: ZoneInfo, after: datetime
) -> datetime | None:
    """The first scheduled instant strictly after `after` (UTC), or None when automatic
    backups are off or no weekday is chosen."""
    if after.tzinfo is None:
        raise ValueError("`after` must be an aware datetime")
    if not backup_settings.enabled or not chosen_weekdays(backup_settings):
        return None
    start_day = after.astimezone(tz).date() - timedelta(days=1)
    later = [
        instant for instant in instants_from(backup_settings, tz, start_day) if instant > after
    ]
    return min(later) if later else None
