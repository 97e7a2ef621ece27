"""What the notices mean right now: each notice's phase, and each service's state.

Everything here is derived from the notices and the clock; nothing flips a flag when a
maintenance window begins or ends, so a page read at 04:59 and one read at 05:01 agree
with the window without any job having run.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from zoneinfo import ZoneInfo

from django.db.models import Q, QuerySet

from salonkeep.accounts.models import Business
from salonkeep.notices.models import Impact, Kind, Notice, NoticeUpdate, Progress, Service


class Phase:
    UPCOMING = "upcoming"
    ACTIVE = "active"
    OVER = "over"
    WITHDRAWN = "withdrawn"


class Condition(IntEnum):
    """A service's state; a higher value is worse and wins the headline."""

    OPERATIONAL = 0
    MAINTENANCE = 1
    DEGRADED = 2
    PARTIAL_OUTAGE = 3
    MAJOR_OUTAGE = 4

    @property
    def label(self) -> str:
        return CONDITION_LABELS[self]

    @property
    def css(self) -> str:
        return self.name.lower().replace("_", "-")


CONDITION_LABELS = {
    Condition.OPERATIONAL: "Operational",
    Condition.MAINTENANCE: "Under maintenance",
    Condition.DEGRADED: "Degraded performance",
    Condition.PARTIAL_OUTAGE: "Partial outage",
    Condition.MAJOR_OUTAGE: "Major outage",
}
IMPACT_CONDITION = {
    Impact.DEGRADED: Condition.DEGRADED,
    Impact.PARTIAL: Condition.PARTIAL_OUTAGE,
    Impact.MAJOR: Condition.MAJOR_OUTAGE,
}


def visible_to(business: Business | None) -> QuerySet[Notice]:
    """The notices a salon sees (the installation's and its own); with no business,
    the installation's only."""
    if business is None:
        return Notice.objects.filter(business__isnull=True)
    return Notice.objects.filter(Q(business__isnull=True) | Q(business=business))


def progress_of(notice: Notice) -> str:
    """An incident's latest stage (resolved once resolved_at is set)."""
    if notice.resolved_at is not None:
        return Progress.RESOLVED
    updates = list(notice.updates.all())
    return updates[-1].progress if updates else Progress.INVESTIGATING


def phase(notice: Notice, now: datetime) -> str:
    if notice.withdrawn_at is not None:
        return Phase.WITHDRAWN
    if notice.kind == Kind.INCIDENT:
        return Phase.OVER if notice.resolved_at is not None else Phase.ACTIVE
    if notice.starts_at is not None and now < notice.starts_at:
        return Phase.UPCOMING
    if notice.ends_at is not None and now >= notice.ends_at:
        return Phase.OVER
    return Phase.ACTIVE


def phase_label(notice: Notice, now: datetime) -> str:
    current = phase(notice, now)
    if current == Phase.WITHDRAWN:
        return "Withdrawn"
    if notice.kind == Kind.INCIDENT:
        return Progress(progress_of(notice)).label
    if notice.kind == Kind.MAINTENANCE:
        return {Phase.UPCOMING: "Upcoming", Phase.ACTIVE: "In progress", Phase.OVER: "Completed"}[
            current
        ]
    if notice.kind == Kind.CLOSURE:
        return {Phase.UPCOMING: "Upcoming", Phase.ACTIVE: "Closed now", Phase.OVER: "Reopened"}[
            current
        ]
    return {Phase.UPCOMING: "Upcoming", Phase.ACTIVE: "Current", Phase.OVER: "Past"}[current]


def condition_from(notice: Notice, now: datetime) -> Condition:
    """What this notice does to the services it names right now."""
    if phase(notice, now) != Phase.ACTIVE:
        return Condition.OPERATIONAL
    if notice.kind == Kind.MAINTENANCE:
        return Condition.MAINTENANCE
    if notice.kind == Kind.INCIDENT:
        return IMPACT_CONDITION.get(Impact(notice.impact or Impact.DEGRADED), Condition.DEGRADED)
    return Condition.OPERATIONAL


@dataclass
class ServiceState:
    service: str
    label: str
    condition: Condition
    notices: list[Notice]


@dataclass
class Overview:
    services: list[ServiceState]

    @property
    def headline(self) -> Condition:
        return max((state.condition for state in self.services), default=Condition.OPERATIONAL)

    @property
    def headline_text(self) -> str:
        if self.headline == Condition.OPERATIONAL:
            return "All services are operational"
        worst = [state.label for state in self.services if state.condition == self.headline]
        return f"{self.headline.label}: {', '.join(worst)}"


def service_states(notices: Iterable[Notice], now: datetime) -> Overview:
    """Each service's state from the notices naming it; the worst one is the headline."""
    states = {
        name: ServiceState(name, str(label), Condition.OPERATIONAL, [])
        for name, label in Service.choices
    }
    for notice in notices:
        condition = condition_from(notice, now)
        if condition == Condition.OPERATIONAL:
            continue
        for name in notice.services:
            state = states.get(name)
            if state is None:
                continue
            state.notices.append(notice)
            state.condition = max(state.condition, condition)
    return Overview(list(states.values()))


def current_and_upcoming(notices: Iterable[Notice], now: datetime) -> list[Notice]:
    """Notices for the banner: in force now or still to come, newest first."""
    return [n for n in notices if phase(n, now) in (Phase.ACTIVE, Phase.UPCOMING)]


def latest_updates(notice: Notice) -> list[NoticeUpdate]:
    return list(notice.updates.all())


def local(moment: datetime | None, tz: ZoneInfo) -> datetime | None:
    return moment.astimezone(tz) if moment is not None else None


def _clock(moment: datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def _day(moment: datetime) -> str:
    return f"{moment.day} {moment:%B}"


def describe_window(start: datetime | None, end: datetime | None, tz: ZoneInfo) -> str:
    """An impact or maintenance window in words in one time zone: "between 9:45 and
    10:55 on 18 September", or across midnight "between 21:00 on 22 June and 2:00 on
    23 June"."""
    if start is None or end is None:
        return ""
    first, last = start.astimezone(tz), end.astimezone(tz)
    if first.date() == last.date():
        return f"between {_clock(first)} and {_clock(last)} on {_day(first)}"
    return f"between {_clock(first)} on {_day(first)} and {_clock(last)} on {_day(last)}"


def describe_moment(moment: datetime | None, tz: ZoneInfo) -> str:
    """ "9:00 on Tuesday 3 September" in the zone."""
    if moment is None:
        return ""
    here = moment.astimezone(tz)
    return f"{_clock(here)} on {here:%A} {_day(here)}"
