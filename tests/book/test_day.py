"""The day book: columns, blocks, shading, navigation, roles, and a constant number of
queries."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from salonkeep.accounts.models import Location, OpeningHours
from salonkeep.book.booking import change_status
from salonkeep.book.models import Status
from salonkeep.clients.models import Client
from salonkeep.team.models import ScheduleChange, TimeOff
from tests.book.helpers import DAY, NOW, at, book
from tests.conftest import logged_in

URL = f"/?date={DAY:%Y-%m-%d}"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def column_ids(response):
    return [column.member.pk for column in response.context["book"].columns]


def blocks(response, member):
    for column in response.context["book"].columns:
        if column.member == member:
            return column.blocks
    raise AssertionError(f"no column for {member}")


def test_it_shows_a_column_per_working_member_with_the_day_appointments(salon, as_front_desk):
    appointment = book(
        salon, (salon.colour, salon.stylist_member, at(10)), (salon.cut, salon.jo, at(10, 30))
    )
    response = as_front_desk.get(URL)
    assert response.status_code == 200
    assert column_ids(response) == [salon.owner_member.pk, salon.stylist_member.pk, salon.jo.pk]
    [colour] = blocks(response, salon.stylist_member)
    # 09:00 is the top: the colour starts 60 minutes down, in four parts.
    assert [(p.kind, p.start, p.length) for p in colour.parts] == [
        ("busy", 60, 30),
        ("processing", 90, 45),
        ("finish", 135, 30),
        ("cleanup", 165, 15),
    ]
    [cut] = blocks(response, salon.jo)
    assert cut.parts[0].start == 90
    html = response.content.decode()
    assert f'data-appointment="{appointment.pk}"' in html
    assert "appt processing" in html and "appt blocked" in html
    assert "Alice Archer" in html and "Full head colour" in html
    assert "times in Europe/London" in html
    assert f'data-move-url="/appointments/{appointment.pk}/move/"' in html


def test_a_block_booked_into_processing_time_sits_beside_it(salon, as_owner):
    book(salon, (salon.colour, salon.stylist_member, at(10)))
    other = Client.objects.create(business=salon.business, first_name="Bea")
    book(salon, (salon.cut, salon.stylist_member, at(10, 30)), client=other)
    colour, cut = blocks(as_owner.get(URL), salon.stylist_member)
    assert (colour.lane, cut.lane) == (0, 1)


def test_times_are_shown_in_the_business_time_zone(salon, as_owner):
    summer = datetime(2026, 7, 14).date()
    book(salon, (salon.cut, salon.jo, datetime(2026, 7, 14, 9, tzinfo=UTC)))  # 10:00 in London
    response = as_owner.get(f"/?date={summer:%Y-%m-%d}")
    [cut] = blocks(response, salon.jo)
    assert cut.line_minute == 10 * 60
    assert "10:00–10:45" in response.content.decode()


def test_today_is_the_business_day_not_the_server_day(salon):
    salon.business.time_zone = "America/New_York"
    salon.business.save()
    # 03:00 UTC on Tuesday is still Monday evening in New York.
    with time_machine.travel(datetime(2026, 11, 24, 3, tzinfo=UTC), tick=False):
        response = logged_in(salon.owner).get("/")
    assert response.context["day"] == DAY - timedelta(days=1)
    assert "times in America/New_York" in response.content.decode()


def test_cancelled_appointments_leave_the_grid_and_are_listed(salon, as_front_desk):
    appointment = book(salon, (salon.cut, salon.jo, at(11)))
    change_status(appointment, Status.CANCELLED, salon.front_desk)
    response = as_front_desk.get(URL)
    assert blocks(response, salon.jo) == []
    html = response.content.decode()
    assert f'data-appointment="{appointment.pk}"' not in html
    assert "Cancelled this day" in html and "11:00 Alice Archer" in html


def test_it_keeps_a_column_for_someone_off_who_still_has_an_appointment(salon, as_owner):
    book(salon, (salon.cut, salon.jo, at(10)))
    TimeOff.objects.create(
        business=salon.business, team_member=salon.jo, starts_at=at(0), ends_at=at(23)
    )
    ScheduleChange.objects.create(  # Sam is off all day, with nothing booked
        business=salon.business,
        team_member=salon.stylist_member,
        location=salon.location,
        date=DAY,
    )
    response = as_owner.get(URL)
    assert column_ids(response) == [salon.owner_member.pk, salon.jo.pk]
    assert "Not working" in response.content.decode()


def test_it_shades_time_a_member_is_not_working(salon, as_owner):
    ScheduleChange.objects.create(
        business=salon.business,
        team_member=salon.stylist_member,
        location=salon.location,
        date=DAY,
        starts=time(12),
        ends=time(18),
    )
    response = as_owner.get(URL)
    column = next(c for c in response.context["book"].columns if c.member == salon.stylist_member)
    assert [(span.start, span.length) for span in column.off] == [(0, 180)]
    assert '<div class="book-off" style="--start: 0; --length: 180">' in response.content.decode()


def test_the_axis_follows_opening_hours_and_has_a_fallback_when_closed(salon, as_owner):
    OpeningHours.objects.filter(location=salon.location, weekday=DAY.weekday()).update(
        opens=time(8, 30), closes=time(20, 15)
    )
    axis = as_owner.get(URL).context["book"].axis
    assert (axis.start, axis.end) == (8 * 60, 21 * 60)
    sunday = DAY + timedelta(days=5)
    response = as_owner.get(f"/?date={sunday:%Y-%m-%d}")
    axis = response.context["book"].axis
    assert (axis.start, axis.end) == (8 * 60, 20 * 60)
    assert response.context["book"].columns == []  # nobody works on Sundays


def test_it_runs_a_constant_number_of_queries(salon, as_front_desk, django_assert_max_num_queries):
    book(salon, (salon.cut, salon.jo, at(9)))
    with CaptureQueriesContext(connection) as few:
        assert as_front_desk.get(URL).status_code == 200
    for hour in (10, 12, 14, 16):
        client = Client.objects.create(business=salon.business, first_name=f"C{hour}")
        book(
            salon,
            (salon.colour, salon.stylist_member, at(hour)),
            (salon.cut, salon.jo, at(hour, 30)),
            client=client,
        )
        book(salon, (salon.cut, salon.owner_member, at(hour)), client=client)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = as_front_desk.get(URL)
    assert sum(len(c.blocks) for c in response.context["book"].columns) == 13


def test_it_moves_between_days(salon, as_owner):
    html = as_owner.get(URL).content.decode()
    location = salon.location.pk
    assert f'href="?date=2026-11-23&amp;location={location}" rel="prev"' in html
    assert f'href="?date=2026-11-25&amp;location={location}" rel="next"' in html
    assert 'name="date" value="2026-11-24"' in html


@pytest.mark.parametrize("text", ["2026-13-45", "yesterday", "0001-01-01", "9999-12-31", "x" * 500])
def test_a_malformed_date_shows_today_with_a_note(salon, as_owner, text):
    response = as_owner.get("/", {"date": text})
    assert response.status_code == 200
    assert response.context["day"] == NOW.date()
    assert "is not a date" in response.content.decode()


def test_it_shows_one_location_at_a_time(salon, as_owner, other):
    second = Location.objects.create(business=salon.business, name="Market Square", position=1)
    OpeningHours.objects.create(
        business=salon.business,
        location=second,
        weekday=DAY.weekday(),
        opens=time(10),
        closes=time(16),
    )
    book(salon, (salon.cut, salon.jo, at(10)))
    response = as_owner.get(f"{URL}&location={second.pk}")
    assert response.status_code == 200
    assert response.context["location"] == second
    assert response.context["book"].axis.start == 10 * 60
    assert all(not column.blocks for column in response.context["book"].columns)
    assert "Market Square" in response.content.decode()


@pytest.mark.parametrize("location", ["other", "abc", "999999"])
def test_another_business_location_is_not_found(salon, other, as_owner, location):
    value = other.location.pk if location == "other" else location
    assert as_owner.get(f"{URL}&location={value}").status_code == 404


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_every_role_can_see_the_book(salon, role):
    book(salon, (salon.cut, salon.jo, at(10)))
    response = logged_in(salon.user(role)).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    can_book = role != "stylist"
    assert ("data-move-url" in html) is can_book
    assert ('href="/appointments/new/?' in html) is can_book
    assert ("data-new-url" in html) is can_book


def test_it_sends_anonymous_visitors_to_log_in(salon, client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_other_businesses_appointments_never_show(salon, other, as_owner):
    book(other, (other.cut, other.jo, at(10)))
    response = as_owner.get(URL)
    assert all(not column.blocks for column in response.context["book"].columns)


def test_it_refuses_other_methods(as_owner):
    assert as_owner.post(URL).status_code == 405


def test_htmx_gets_the_grid_alone(salon, as_front_desk):
    book(salon, (salon.cut, salon.jo, at(10)))
    response = as_front_desk.get(URL, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="book-area">') and "<html" not in html
    assert "Alice Archer" in html


def test_only_appointments_that_can_move_are_draggable(salon, as_front_desk):
    done = book(salon, (salon.cut, salon.jo, at(9)))
    change_status(done, Status.COMPLETED, salon.front_desk)
    waiting = book(salon, (salon.cut, salon.jo, at(11)))
    html = as_front_desk.get(URL).content.decode()
    assert f'data-move-url="/appointments/{waiting.pk}/move/"' in html
    assert f'data-move-url="/appointments/{done.pk}/move/"' not in html
    assert f'href="/appointments/{done.pk}/"' in html  # still opens
