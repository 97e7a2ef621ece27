"""A notice in words for one reader: its stage and its times in the reader's time zone
(the salon's; on the installation's public page, the zone the notice was written in)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from salonkeep.notices.models import Kind, Notice, NoticeUpdate
from salonkeep.notices.state import (
    Phase,
    describe_moment,
    describe_window,
    phase,
    phase_label,
)


@dataclass
class ShownNotice:
    notice: Notice
    kind: str
    stage: str
    phase: str
    when: str
    zone: str
    services: list[str]
    updates: list[NoticeUpdate]

    @property
    def css(self) -> str:
        return f"notice-{self.notice.kind} notice-{self.phase}"


def when_text(notice: Notice, tz: ZoneInfo, now: datetime) -> str:
    if notice.kind == Kind.INCIDENT:
        window = describe_window(notice.impact_started_at, notice.impact_ended_at, tz)
        if notice.resolved_at is not None and window:
            return f"Services were affected {window}."
        if notice.impact_started_at is not None:
            return f"Affected since {describe_moment(notice.impact_started_at, tz)}."
        return ""
    if notice.kind == Kind.MAINTENANCE:
        window = describe_window(notice.starts_at, notice.ends_at, tz)
        verb = "was" if phase(notice, now) == Phase.OVER else "is"
        return f"Maintenance {verb} scheduled {window}."
    if notice.kind == Kind.CLOSURE:
        return (
            f"Closed from {describe_moment(notice.starts_at, tz)}; normal hours resume at "
            f"{describe_moment(notice.ends_at, tz)}."
        )
    if notice.ends_at is not None:
        return f"Until {describe_moment(notice.ends_at, tz)}."
    return ""


def present(notice: Notice, tz: ZoneInfo | None, now: datetime) -> ShownNotice:
    zone = tz or notice.tz
    return ShownNotice(
        notice=notice,
        kind=Kind(notice.kind).label,
        stage=phase_label(notice, now),
        phase=phase(notice, now),
        when=when_text(notice, zone, now),
        zone=str(zone.key),
        services=notice.service_labels(),
        updates=sorted(notice.updates.all(), key=lambda u: (u.posted_at, u.pk), reverse=True),
    )
