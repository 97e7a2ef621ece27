"""The rota: who works on a date at a location, shown in the business's time zone."""

from datetime import UTC, date, datetime, time

import pytest
import time_machine
from django.urls import reverse

from salonkeep.accounts.models import Location
from salonkeep.team.models import ScheduleChange, TimeOff, WorkingHours
from tests.conftest import logged_in

URL = reverse("team:rota")
# 23:30 UTC on Tuesday 30 June is already Wednesday 1 July in London.
NOW = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)


def row(text, member):
    start = text.index(f'id="rota-{member.pk}"')
    return text[start : text.index("</li>", start)]


@time_machine.travel(NOW, tick=False)
def test_it_shows_today_in_the_business_time_zone(as_stylist, salon):
    response = as_stylist.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Wednesday 1 July 2026 at High Street" in text
    assert "09:00–18:00" in row(text, salon.jo)  # stored as 08:00–17:00 UTC
    assert "?date=2026-06-30&amp;location=" in text and "?date=2026-07-02&amp;location=" in text


def test_it_shows_split_days_changes_and_time_off(as_manager, salon):
    TimeOff.objects.create(
        business=salon.business,
        team_member=salon.jo,
        reason="Dentist",
        starts_at=datetime(2026, 7, 1, 11, tzinfo=UTC),
        ends_at=datetime(2026, 7, 1, 13, tzinfo=UTC),
    )
    TimeOff.objects.create(
        business=salon.business,
        team_member=salon.stylist_member,
        reason="Holiday",
        starts_at=datetime(2026, 6, 29, tzinfo=UTC),
        ends_at=datetime(2026, 7, 5, tzinfo=UTC),
    )
    ScheduleChange.objects.create(
        business=salon.business,
        team_member=salon.owner_member,
        location=salon.location,
        date=date(2026, 7, 1),
        note="Accountant",
    )
    text = as_manager.get(URL, {"date": "2026-07-01"}).content.decode()
    assert "09:00–12:00, 14:00–18:00" in row(text, salon.jo)
    assert "Time off: Holiday" in row(text, salon.stylist_member)
    assert "Day off: Accountant" in row(text, salon.owner_member)
    assert text.index("Not working here") < text.index(f'id="rota-{salon.stylist_member.pk}"')


def test_it_keeps_reasons_from_staff_who_cannot_manage(as_front_desk, salon):
    TimeOff.objects.create(
        business=salon.business,
        team_member=salon.jo,
        reason="Sick",
        starts_at=datetime(2026, 7, 1, tzinfo=UTC),
        ends_at=datetime(2026, 7, 2, tzinfo=UTC),
    )
    text = as_front_desk.get(URL, {"date": "2026-07-01"}).content.decode()
    assert "Time off" in row(text, salon.jo) and "Sick" not in text


def test_it_shows_a_location_chosen_by_id(as_owner, salon):
    north = Location.objects.create(business=salon.business, name="North Road", position=1)
    WorkingHours.objects.create(
        business=salon.business,
        team_member=salon.jo,
        location=north,
        weekday=6,
        starts=time(10),
        ends=time(16),
    )
    text = as_owner.get(URL, {"date": "2026-07-05", "location": north.pk}).content.decode()
    assert "Sunday 5 July 2026 at North Road" in text
    assert "10:00–16:00" in row(text, salon.jo)
    assert "Not scheduled here" in row(text, salon.stylist_member)


def test_it_leaves_out_inactive_team_members(as_owner, salon):
    salon.jo.is_active = False
    salon.jo.save()
    assert "Jo Junior" not in as_owner.get(URL, {"date": "2026-07-01"}).content.decode()


def test_it_says_when_nobody_works(as_owner, salon):
    text = as_owner.get(URL, {"date": "2026-07-05"}).content.decode()
    assert "Nobody is working here on this day." in text


def test_it_notes_a_short_day_and_keeps_wall_clock_hours(as_owner, salon):
    WorkingHours.objects.create(
        business=salon.business,
        team_member=salon.jo,
        location=salon.location,
        weekday=6,
        starts=time(9),
        ends=time(18),
    )
    text = as_owner.get(URL, {"date": "2026-03-29"}).content.decode()
    assert "this day is 23 hours long" in text
    assert "09:00–18:00" in row(text, salon.jo)


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("bad", ["2026-02-30", "tomorrow", "1850-01-01"])
def test_it_falls_back_to_today_for_a_bad_date(as_owner, salon, bad):
    response = as_owner.get(URL, {"date": bad})
    assert response.status_code == 200
    text = response.content.decode()
    assert "That is not a date such as 2026-03-29; showing today instead." in text
    assert "Wednesday 1 July 2026" in text


def test_it_hides_another_business_location(as_owner, other):
    assert as_owner.get(URL, {"location": other.location.pk}).status_code == 404
    assert as_owner.get(URL, {"location": "abc"}).status_code == 404


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_is_open_to_every_role(salon, role):
    assert logged_in(salon.user(role)).get(URL).status_code == 200


def test_it_sends_anonymous_visitors_to_login(client, salon):
    assert client.get(URL).status_code == 302


def test_it_refuses_post(as_owner):
    assert as_owner.post(URL).status_code == 405
