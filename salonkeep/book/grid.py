"""Laying out the appointment book on a time axis.

The book is drawn in the business's wall-clock time: a position is a number of minutes
from the top of the axis (a whole hour), so 09:15 is 75 minutes below an 08:00 top. Each
service line becomes up to four parts: the busy initial part, the processing part (drawn
lighter: the team member is free and another block may sit beside it), the busy finish
part and the grey clean-up part.

Nothing here queries the database; the views fetch, this module arranges.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from salonkeep.book.models import Appointment, AppointmentService
from salonkeep.team.models import TeamMember

MINUTES_PER_DAY = 24 * 60
# Used when the location is closed that day, so the book can still be looked at.
FALLBACK_OPENING = (time(8), time(20))
# A block sitting on another one (booked into its processing time) is shifted right by
# this share of the column, at most this many times.
LANE_SHIFT_PERCENT = 34
MAX_LANE = 2
# Sensible bounds for dates typed into an address bar; beyond them date arithmetic in
# time zones overflows.
EARLIEST_DAY = date(1970, 1, 1)
LATEST_DAY = date(2199, 12, 31)
MONDAY_TO_SUNDAY = range(7)


def is_plausible_day(day: date) -> bool:
    return EARLIEST_DAY <= day <= LATEST_DAY


def minute_of_day(moment: datetime, day: date, tz: ZoneInfo) -> int:
    """Wall-clock minutes since the start of ``day`` (negative before it, past 1440 after)."""
    local = timezone.localtime(moment, tz)
    return (local.date() - day).days * MINUTES_PER_DAY + local.hour * 60 + local.minute


def clock(minutes: int) -> str:
    """Minutes since midnight as "HH:MM" (wrapping past midnight)."""
    minutes %= MINUTES_PER_DAY
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Axis:
    """The visible part of the day, in whole hours: ``start`` and ``end`` are minutes
    since local midnight."""

    start: int
    end: int

    @property
    def hours(self) -> int:
        return (self.end - self.start) // 60

    def offset(self, minute: int) -> int:
        return minute - self.start

    def hour_labels(self) -> list[tuple[int, str]]:
        offsets = range(0, self.end - self.start, 60)
        return [(offset, clock(self.start + offset)) for offset in offsets]


def axis_for(
    opening: Iterable[tuple[time, time] | None], extents: Iterable[tuple[int, int]] = ()
) -> Axis:
    """From the earliest opening to the latest closing of the days shown (08:00–20:00
    when closed throughout), widened to show every appointment, rounded out to hours."""
    open_hours = [hours for hours in opening if hours is not None]
    if open_hours:
        start = min(opens.hour * 60 + opens.minute for opens, _ in open_hours)
        end = max(closes.hour * 60 + closes.minute for _, closes in open_hours)
    else:
        opens, closes = FALLBACK_OPENING
        start, end = opens.hour * 60, closes.hour * 60
    for first, last in extents:
        start, end = min(start, first), max(end, last)
    start = max(0, start - start % 60)
    end = min(MINUTES_PER_DAY, end + (-end) % 60)
    if end <= start:
        end = min(MINUTES_PER_DAY, start + 60)
    return Axis(start, end)


@dataclass(frozen=True)
class Span:
    """Something drawn on the axis: ``start`` minutes below the top, ``length`` long."""

    start: int
    length: int


PART_CLASSES = {"busy": "", "processing": "processing", "finish": "", "cleanup": "blocked"}
PART_LABELS = {"busy": "", "processing": "Processing", "finish": "Finish", "cleanup": "Clean-up"}


@dataclass(frozen=True)
class Part:
    kind: str  # "busy", "processing", "finish" or "cleanup"
    start: int
    length: int

    @property
    def css_class(self) -> str:
        return PART_CLASSES[self.kind]

    @property
    def label(self) -> str:
        return PART_LABELS[self.kind]


def parts_of(line: AppointmentService, top: int) -> list[Part]:
    """The drawn parts of a line starting ``top`` minutes below the top of the axis."""
    parts: list[Part] = []

    def add(kind: str, length: int) -> None:
        start = parts[-1].start + parts[-1].length if parts else top
        if length > 0:
            parts.append(Part(kind, start, length))

    if line.processing_minutes == 0:
        add("busy", line.initial_minutes + line.finish_minutes)
    else:
        add("busy", line.initial_minutes)
        add("processing", line.processing_minutes)
        add("finish", line.finish_minutes)
    add("cleanup", line.blocked_minutes)
    return parts


@dataclass
class Block:
    """One service line of an appointment, as drawn in one column."""

    line: AppointmentService
    parts: list[Part]
    # Wall-clock minutes since local midnight of the line's and the appointment's start
    # (what dragging needs to compute the new start).
    line_minute: int
    appointment_minute: int
    appointment_day: date
    lane: int = 0
    # What the block says and links to, prepared once per block by `books.present`
    # rather than worked out per drawn part by the template (a busy day has hundreds).
    href: str = ""
    attributes: str = ""
    title: str = ""
    time_range: str = ""

    @property
    def appointment(self) -> Appointment:
        return self.line.appointment

    @property
    def top(self) -> int:
        return self.parts[0].start if self.parts else 0

    @property
    def bottom(self) -> int:
        return self.parts[-1].start + self.parts[-1].length if self.parts else 0

    @property
    def status_class(self) -> str:
        return f"status-{self.appointment.status}"

    @property
    def shift_percent(self) -> int:
        return min(self.lane, MAX_LANE) * LANE_SHIFT_PERCENT


@dataclass
class Column:
    """A team member on a day: the day view has one per team member, the week view one
    per day."""

    member: TeamMember
    day: date
    heading: str
    subheading: str = ""
    off: list[Span] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


def make_block(line: AppointmentService, axis: Axis, day: date, tz: ZoneInfo) -> Block:
    line_minute = minute_of_day(line.starts_at, day, tz)
    appointment = line.appointment
    local_start = timezone.localtime(appointment.starts_at, tz)
    return Block(
        line=line,
        parts=parts_of(line, axis.offset(line_minute)),
        line_minute=line_minute,
        appointment_minute=local_start.hour * 60 + local_start.minute,
        appointment_day=local_start.date(),
    )


def line_extent(line: AppointmentService, day: date, tz: ZoneInfo) -> tuple[int, int]:
    """Wall-clock minutes from the line's start to the end of its clean-up."""
    return minute_of_day(line.starts_at, day, tz), minute_of_day(line.ends_at, day, tz)


def assign_lanes(blocks: Sequence[Block]) -> None:
    """Blocks that overlap in one column (a client booked into another's processing time)
    go side by side: each takes the first lane that is free at its start."""
    lane_ends: list[int] = []
    for block in sorted(blocks, key=lambda b: (b.top, -(b.bottom - b.top), b.line.pk)):
        for lane, lane_end in enumerate(lane_ends):
            if lane_end <= block.top:
                block.lane = lane
                lane_ends[lane] = block.bottom
                break
        else:
            block.lane = len(lane_ends)
            lane_ends.append(block.bottom)


def off_spans(
    working: Sequence[tuple[datetime, datetime]], axis: Axis, day: date, tz: ZoneInfo
) -> list[Span]:
    """The parts of the axis outside the working periods, to be shaded."""
    spans: list[Span] = []
    cursor = axis.start
    for start, end in sorted(working):
        first = max(axis.start, min(axis.end, minute_of_day(start, day, tz)))
        last = max(axis.start, min(axis.end, minute_of_day(end, day, tz)))
        if first > cursor:
            spans.append(Span(axis.offset(cursor), first - cursor))
        cursor = max(cursor, last)
    if cursor < axis.end:
        spans.append(Span(axis.offset(cursor), axis.end - cursor))
    return spans


def now_offset(axis: Axis, day: date, tz: ZoneInfo) -> int | None:
    """Where the current time falls on the axis when ``day`` is today there."""
    minute = minute_of_day(timezone.now(), day, tz)
    if axis.start <= minute < axis.end:
        return axis.offset(minute)
    return None


def week_of(day: date) -> list[date]:
    monday = day - timedelta(days=day.weekday())
    return [monday + timedelta(days=offset) for offset in MONDAY_TO_SUNDAY]
