"""A team member's page: weekly hours, one-off changes, time off."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.urls import reverse

from salonkeep.team.models import ScheduleChange, TimeOff
from tests.conftest import logged_in

NOW = datetime(2026, 7, 1, 9, tzinfo=UTC)


def url(member):
    return reverse("team:member", args=[member.pk])


@time_machine.travel(NOW, tick=False)
def test_it_shows_hours_changes_and_time_off_in_local_time(as_manager, salon):
    TimeOff.objects.create(
        business=salon.business,
        team_member=salon.jo,
        reason="Holiday",
        starts_at=datetime(2026, 7, 10, 8, tzinfo=UTC),
        ends_at=datetime(2026, 7, 10, 12, tzinfo=UTC),
    )
    ScheduleChange.objects.create(
        business=salon.business,
        team_member=salon.jo,
        location=salon.location,
        date=date(2026, 7, 4),
        starts=time(10),
        ends=time(14),
        note="Wedding party",
    )
    response = as_manager.get(url(salon.jo))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Monday" in text and "09:00–18:00" in text
    assert 'Sunday</th>\n        <td><span class="muted">Not working' in text
    assert "Sat 4 Jul 2026" in text and "10:00–14:00" in text and "Wedding party" in text
    # 08:00 UTC in July is 09:00 in London.
    assert "Fri 10 Jul 2026 09:00 – Fri 10 Jul 2026 13:00" in text and "Holiday" in text
    assert "Full head colour" in text and "Cut and finish" in text
    assert "Add time off" in text and "Change hours" in text


@time_machine.travel(NOW, tick=False)
def test_it_keeps_past_time_off_apart(as_owner, salon):
    TimeOff.objects.create(
        business=salon.business,
        team_member=salon.jo,
        reason="Last spring",
        starts_at=datetime(2026, 4, 1, 8, tzinfo=UTC),
        ends_at=datetime(2026, 4, 2, 8, tzinfo=UTC),
    )
    text = as_owner.get(url(salon.jo)).content.decode()
    assert "No time off coming up." in text
    assert "Recent past time off" in text and "Last spring" in text


def test_it_shows_a_stylist_their_own_schedule_read_only(as_stylist, salon):
    response = as_stylist.get(url(salon.stylist_member))
    assert response.status_code == 200
    text = response.content.decode()
    assert "09:00–18:00" in text
    assert "Add time off" not in text and "Change hours" not in text


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_keeps_other_schedules_to_managers(salon, role):
    assert logged_in(salon.user(role)).get(url(salon.jo)).status_code == 403


def test_it_is_open_to_owner_and_manager(as_owner, as_manager, salon):
    assert as_owner.get(url(salon.jo)).status_code == 200
    assert as_manager.get(url(salon.jo)).status_code == 200


def test_it_sends_anonymous_visitors_to_login(client, salon):
    assert client.get(url(salon.jo)).status_code == 302


def test_it_hides_another_business_member(as_owner, other):
    assert as_owner.get(url(other.jo)).status_code == 404


def test_it_refuses_post(as_owner, salon):
    assert as_owner.post(url(salon.jo)).status_code == 405
