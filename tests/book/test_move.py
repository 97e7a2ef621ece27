"""Moving an appointment: the form, and the JSON answers drag-and-drop relies on."""

from __future__ import annotations

import pytest
import time_machine

from salonkeep.book.booking import change_status
from salonkeep.book.models import Status
from salonkeep.clients.models import Client
from tests.book.helpers import DAY, NOW, at, book
from tests.conftest import logged_in

JSON = {"Accept": "application/json"}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def appointment(salon):
    return book(
        salon, (salon.colour, salon.stylist_member, at(10)), (salon.cut, salon.jo, at(10, 30))
    )


def url(appointment):
    return f"/appointments/{appointment.pk}/move/"


def placed(appointment):
    """(service name, team member name, start) of each line, in order."""
    return [
        (line.service_name, line.team_member.name, line.starts_at)
        for line in appointment.lines.select_related("team_member").order_by("position")
    ]


def test_the_form_shows_the_current_start(appointment, as_front_desk):
    response = as_front_desk.get(url(appointment))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2026-11-24"' in html and 'value="10:00"' in html
    assert "Full head colour with Sam Stylist" in html


def test_the_form_moves_the_whole_appointment(salon, appointment, as_front_desk):
    response = as_front_desk.post(url(appointment), {"date": "2026-11-25", "time": "13:00"})
    assert response.status_code == 302
    assert response["Location"] == f"/?date=2026-11-25&location={salon.location.pk}"
    tomorrow = DAY.replace(day=25)
    assert placed(appointment) == [
        ("Full head colour", "Sam Stylist", at(13, day=tomorrow)),
        ("Cut and finish", "Jo Junior", at(13, 30, day=tomorrow)),
    ]
    appointment.refresh_from_db()
    assert (appointment.starts_at, appointment.ends_at) == (
        at(13, day=tomorrow),
        at(14, 45, day=tomorrow),
    )


def test_a_drop_answers_in_json(appointment, as_front_desk):
    response = as_front_desk.post(
        url(appointment), {"date": "2026-11-24", "time": "14:15"}, headers=JSON
    )
    assert response.status_code == 200
    assert response.json() == {
        "ok": True,
        "message": "Moved Alice Archer to Tuesday 24 November at 14:15.",
    }
    assert placed(appointment)[0][2] == at(14, 15)


def test_a_drop_into_another_column_hands_over_that_person_services(
    salon, appointment, as_front_desk
):
    response = as_front_desk.post(
        url(appointment),
        {
            "date": "2026-11-24",
            "time": "10:00",
            "from_member": salon.stylist_member.pk,
            "to_member": salon.owner_member.pk,
        },
        headers=JSON,
    )
    assert response.status_code == 200
    assert placed(appointment) == [
        ("Full head colour", "Olivia Owner", at(10)),
        ("Cut and finish", "Jo Junior", at(10, 30)),
    ]


def test_with_one_person_the_form_needs_only_the_new_one(salon, as_front_desk):
    single = book(salon, (salon.cut, salon.jo, at(15)))
    response = as_front_desk.post(
        url(single), {"date": "2026-11-24", "time": "15:00", "to_member": salon.owner_member.pk}
    )
    assert response.status_code == 302
    assert placed(single) == [("Cut and finish", "Olivia Owner", at(15))]


def test_with_several_people_the_form_asks_whose_services_move(salon, appointment, as_front_desk):
    response = as_front_desk.post(
        url(appointment),
        {"date": "2026-11-24", "time": "10:00", "to_member": salon.owner_member.pk},
    )
    assert response.status_code == 200
    assert "Choose whose services move to Olivia Owner." in response.content.decode()
    assert placed(appointment)[0][1] == "Sam Stylist"


def test_a_refused_drop_says_why_and_changes_nothing(salon, appointment, as_front_desk):
    bea = Client.objects.create(business=salon.business, first_name="Bea", last_name="Bell")
    book(salon, (salon.cut, salon.jo, at(14)), client=bea)
    before = placed(appointment)
    response = as_front_desk.post(
        url(appointment), {"date": "2026-11-24", "time": "13:30"}, headers=JSON
    )
    assert response.status_code == 409
    assert response.json() == {
        "ok": False,
        "error": "Jo Junior is already busy at 14:00 with Bea Bell (Cut and finish).",
    }
    assert placed(appointment) == before


def test_a_refused_form_move_shows_the_reason(salon, appointment, as_front_desk):
    response = as_front_desk.post(url(appointment), {"date": "2026-11-24", "time": "17:00"})
    assert response.status_code == 200
    assert "High Street is open 09:00–18:00 on Tuesdays" in response.content.decode()
    assert placed(appointment)[0][2] == at(10)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-11-24", "time": "99:99"}, "Enter a time such as 14:30."),
        ({"date": "24.11.2026", "time": "10:00"}, "Enter a date such as"),
        ({"date": "", "time": "10:00"}, "Choose a date."),
        (
            {"date": "2026-11-24", "time": "10:00", "to_member": "abc"},
            "Choose a team member from the list.",
        ),
    ],
)
def test_bad_input_is_explained(appointment, as_front_desk, data, message):
    response = as_front_desk.post(url(appointment), data, headers=JSON)
    assert response.status_code == 400
    assert response.json()["ok"] is False and message in response.json()["error"]
    assert placed(appointment)[0][2] == at(10)
    response = as_front_desk.post(url(appointment), data)
    assert response.status_code == 200 and message in response.content.decode()


def test_another_business_team_member_is_refused(salon, other, appointment, as_front_desk):
    response = as_front_desk.post(
        url(appointment),
        {
            "date": "2026-11-24",
            "time": "10:00",
            "from_member": salon.stylist_member.pk,
            "to_member": other.jo.pk,
        },
        headers=JSON,
    )
    assert response.status_code == 400
    assert placed(appointment)[0][1] == "Sam Stylist"


def test_someone_not_in_the_appointment_cannot_hand_it_over(salon, appointment, as_front_desk):
    response = as_front_desk.post(
        url(appointment),
        {
            "date": "2026-11-24",
            "time": "10:00",
            "from_member": salon.owner_member.pk,
            "to_member": salon.jo.pk,
        },
        headers=JSON,
    )
    assert response.status_code == 400
    assert "has no service in this appointment" in response.json()["error"]


def test_a_cancelled_appointment_cannot_be_moved(salon, appointment, as_front_desk):
    change_status(appointment, Status.CANCELLED, salon.front_desk)
    assert "cannot be moved" in as_front_desk.get(url(appointment)).content.decode()
    response = as_front_desk.post(
        url(appointment), {"date": "2026-11-24", "time": "12:00"}, headers=JSON
    )
    assert response.status_code == 409
    assert response.json()["error"] == "A cancelled appointment cannot be moved."
    assert placed(appointment)[0][2] == at(10)


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk"])
def test_booking_staff_may_move(salon, appointment, role):
    http = logged_in(salon.user(role))
    assert http.get(url(appointment)).status_code == 200
    response = http.post(url(appointment), {"date": "2026-11-24", "time": "11:00"}, headers=JSON)
    assert response.status_code == 200


def test_a_stylist_may_not_move(salon, appointment, as_stylist):
    assert as_stylist.get(url(appointment)).status_code == 403
    response = as_stylist.post(url(appointment), {"date": "2026-11-24", "time": "11:00"})
    assert response.status_code == 403
    assert placed(appointment)[0][2] == at(10)


def test_another_business_appointment_is_not_found(salon, other, as_front_desk):
    theirs = book(other, (other.cut, other.jo, at(10)))
    assert as_front_desk.get(url(theirs)).status_code == 404
    response = as_front_desk.post(url(theirs), {"date": "2026-11-24", "time": "11:00"})
    assert response.status_code == 404
    assert placed(theirs)[0][2] == at(10)


def test_anonymous_visitors_must_log_in(appointment, client):
    assert client.post(url(appointment), {"date": "2026-11-24", "time": "11:00"}).status_code == 302
    assert placed(appointment)[0][2] == at(10)


def test_other_methods_are_refused(appointment, as_front_desk):
    assert as_front_desk.put(url(appointment)).status_code == 405
    assert as_front_desk.delete(url(appointment)).status_code == 405
