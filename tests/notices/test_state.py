"""Each notice's phase and each service's state, derived from the clock, including
across daylight-saving changes."""

from datetime import UTC, datetime, timedelta

import time_machine
from django.utils import timezone

from salonkeep.notices.forms import MaintenanceForm
from salonkeep.notices.models import Impact, Kind, Notice
from salonkeep.notices.publishing import new_notice, post_update, publish
from salonkeep.notices.state import Condition, describe_window, phase_label, service_states
from tests.notices.helpers import maintenance

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def make(business, kind, **fields):
    notice = new_notice(kind, business, "test", T0)
    for name, value in fields.items():
        setattr(notice, name, value)
    return publish(notice, "test", T0)


def test_maintenance_moves_through_its_phases_with_the_clock(salon):
    notice = make(
        salon.business,
        Kind.MAINTENANCE,
        services=["online_booking"],
        starts_at=datetime(2026, 3, 2, 2, 0, tzinfo=UTC),
        ends_at=datetime(2026, 3, 2, 5, 0, tzinfo=UTC),
    )
    seen = []
    for moment in (
        "2026-03-02T01:59Z",
        "2026-03-02T02:00Z",
        "2026-03-02T04:59Z",
        "2026-03-02T05:00Z",
    ):
        with time_machine.travel(moment, tick=False):
            now = timezone.now()
            seen.append((phase_label(notice, now), service_states([notice], now).headline))
    assert seen == [
        ("Upcoming", Condition.OPERATIONAL),
        ("In progress", Condition.MAINTENANCE),
        ("In progress", Condition.MAINTENANCE),
        ("Completed", Condition.OPERATIONAL),
    ]


def test_a_window_across_the_spring_change_is_an_hour_shorter(salon):
    # 22:00 Saturday to 05:00 Sunday in London, across the change to BST on 29 March.
    form = MaintenanceForm(
        maintenance(
            time_zone="Europe/London",
            window_start="2026-03-28T22:00",
            window_end="2026-03-29T05:00",
        ),
        instance=new_notice(Kind.MAINTENANCE, salon.business, "t", T0),
    )
    assert form.is_valid(), form.errors
    notice = form.instance
    assert notice.starts_at == datetime(2026, 3, 28, 22, 0, tzinfo=UTC)
    assert notice.ends_at == datetime(2026, 3, 29, 4, 0, tzinfo=UTC)
    assert notice.ends_at - notice.starts_at == timedelta(hours=6)
    with time_machine.travel(datetime(2026, 3, 29, 4, 30, tzinfo=UTC), tick=False):
        assert phase_label(notice, timezone.now()) == "Completed"  # 05:30 BST


def test_a_window_across_the_autumn_change_is_an_hour_longer(salon):
    form = MaintenanceForm(
        maintenance(
            time_zone="America/New_York",
            window_start="2026-10-31T22:00",
            window_end="2026-11-01T05:00",
        ),
        instance=new_notice(Kind.MAINTENANCE, salon.business, "t", T0),
    )
    assert form.is_valid(), form.errors
    notice = form.instance
    assert notice.ends_at - notice.starts_at == timedelta(hours=8)
    from zoneinfo import ZoneInfo

    assert describe_window(notice.starts_at, notice.ends_at, ZoneInfo("America/New_York")) == (
        "between 22:00 on 31 October and 5:00 on 1 November"
    )
    # The same window read in London (which changed a week earlier).
    assert describe_window(notice.starts_at, notice.ends_at, ZoneInfo("Europe/London")) == (
        "between 2:00 and 10:00 on 1 November"
    )


def test_the_worst_state_is_the_headline(salon):
    make(salon.business, Kind.INCIDENT, services=["card_payments"], impact=Impact.DEGRADED)
    make(
        salon.business, Kind.INCIDENT, services=["messaging", "card_payments"], impact=Impact.MAJOR
    )
    make(
        salon.business,
        Kind.MAINTENANCE,
        services=["backups"],
        starts_at=T0 - timedelta(hours=1),
        ends_at=T0 + timedelta(hours=1),
    )
    overview = service_states(Notice.objects.all(), T0)
    states = {state.service: state.condition for state in overview.services}
    assert states["card_payments"] == Condition.MAJOR_OUTAGE
    assert states["messaging"] == Condition.MAJOR_OUTAGE
    assert states["backups"] == Condition.MAINTENANCE
    assert states["online_booking"] == Condition.OPERATIONAL
    assert overview.headline == Condition.MAJOR_OUTAGE
    assert (
        overview.headline_text
        == "Major outage: Card payments, Messaging (e-mail and SMS to clients)"
    )


def test_resolving_an_incident_makes_its_services_operational_again(salon):
    notice = make(salon.business, Kind.INCIDENT, services=["card_payments"], impact=Impact.PARTIAL)
    assert service_states([notice], T0).headline == Condition.PARTIAL_OUTAGE
    post_update(
        notice, "resolved", "Fixed.", "t", T0 + timedelta(hours=1), (T0, T0 + timedelta(minutes=50))
    )
    assert service_states([notice], T0 + timedelta(hours=1)).headline == Condition.OPERATIONAL
    assert phase_label(notice, T0 + timedelta(hours=1)) == "Resolved"


def test_a_withdrawn_maintenance_affects_nothing(salon):
    notice = make(
        salon.business,
        Kind.MAINTENANCE,
        services=["online_booking"],
        starts_at=T0 - timedelta(hours=1),
        ends_at=T0 + timedelta(hours=1),
        withdrawn_at=T0,
    )
    assert service_states([notice], T0).headline == Condition.OPERATIONAL
    assert phase_label(notice, T0) == "Withdrawn"
