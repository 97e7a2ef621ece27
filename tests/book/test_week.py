"""One team member's week, Monday to Sunday."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from salonkeep.book.booking import change_status
from salonkeep.book.models import Status
from tests.book.helpers import DAY, NOW, at, book
from tests.conftest import logged_in


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(member, day=DAY):
    return f"/week/?member={member.pk}&date={day:%Y-%m-%d}"


def test_it_shows_monday_to_sunday_with_the_member_appointments(salon, as_front_desk):
    tuesday = book(salon, (salon.colour, salon.stylist_member, at(10)))
    thursday = book(salon, (salon.cut, salon.stylist_member, at(14, day=DAY + timedelta(days=2))))
    book(salon, (salon.cut, salon.jo, at(10)))  # someone else's: not in Sam's week
    response = as_front_desk.get(url(salon.stylist_member))
    assert response.status_code == 200
    book_ = response.context["book"]
    assert [column.day.weekday() for column in book_.columns] == list(range(7))
    assert book_.columns[0].day == DAY - timedelta(days=1)
    by_day = {column.day.weekday(): column.blocks for column in book_.columns}
    assert [block.appointment.pk for block in by_day[1]] == [tuesday.pk]
    assert [block.appointment.pk for block in by_day[3]] == [thursday.pk]
    assert sum(len(blocks) for blocks in by_day.values()) == 2
    assert by_day[3][0].parts[0].start == 5 * 60  # 14:00 on a 09:00 axis
    assert book_.columns[6].subheading == "Not working"  # Sunday
    html = response.content.decode()
    assert "Sam Stylist" in html and "times in Europe/London" in html
    assert 'data-mode="week"' in html


def test_cancelled_appointments_are_listed_under_the_week(salon, as_owner):
    appointment = book(salon, (salon.cut, salon.stylist_member, at(10)))
    change_status(appointment, Status.CANCELLED, salon.owner)
    response = as_owner.get(url(salon.stylist_member))
    assert all(not column.blocks for column in response.context["book"].columns)
    assert "Cancelled this week" in response.content.decode()


def test_a_stylist_sees_their_own_week_first(salon, as_stylist):
    response = as_stylist.get("/week/")
    assert response.status_code == 200
    assert response.context["member"] == salon.stylist_member


def test_others_start_with_the_first_team_member(salon, as_front_desk):
    assert as_front_desk.get("/week/").context["member"] == salon.owner_member


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_every_role_can_see_a_week(salon, role):
    assert logged_in(salon.user(role)).get(url(salon.jo)).status_code == 200


@pytest.mark.parametrize("member", ["other", "abc", "0"])
def test_another_business_member_is_not_found(salon, other, as_owner, member):
    value = other.jo.pk if member == "other" else member
    assert as_owner.get(f"/week/?member={value}").status_code == 404


def test_another_business_location_is_not_found(salon, other, as_owner):
    response = as_owner.get(f"/week/?member={salon.jo.pk}&location={other.location.pk}")
    assert response.status_code == 404


def test_a_malformed_date_shows_this_week(salon, as_owner):
    response = as_owner.get(f"/week/?member={salon.jo.pk}&date=2026-02-31")
    assert response.status_code == 200
    assert NOW.date() in response.context["book"].days


def test_it_sends_anonymous_visitors_to_log_in(salon, client):
    assert client.get(url(salon.jo)).status_code == 302


def test_it_refuses_other_methods(salon, as_owner):
    assert as_owner.post(url(salon.jo)).status_code == 405
