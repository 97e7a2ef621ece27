"""The appointment page, its status buttons and its notes."""

from __future__ import annotations

import pytest
import time_machine

from salonkeep.book.booking import change_status
from salonkeep.book.models import Appointment, Status
from tests.book.helpers import NOW, at, book
from tests.conftest import logged_in


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def appointment(salon):
    """A colour by Sam (the stylist login) with a cut by Jo during processing."""
    return book(
        salon,
        (salon.colour, salon.stylist_member, at(10)),
        (salon.cut, salon.jo, at(10, 30)),
        notes="Allergic to PPD? check",
        created_by=salon.front_desk,
    )


def status_of(appointment):
    appointment.refresh_from_db()
    return appointment.status


def test_it_shows_the_services_times_prices_and_who_booked(salon, appointment, as_front_desk):
    response = as_front_desk.get(f"/appointments/{appointment.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "Alice Archer",
        "Full head colour",
        "Sam Stylist",
        "Cut and finish",
        "Jo Junior",
        "10:00–11:45",
        "10:30–11:15",
        "£85.00",
        "£45.00",
        "£130.00",
        "30 min + 45 processing + 30 min; 15 min clean-up",
        "times in Europe/London",
        "by front_desk",
        "Allergic to PPD? check",
    ):
        assert text in html, text
    assert f'href="/clients/{salon.client.pk}/"' in html
    assert (
        "Cancel appointment…" in html and f'action="/appointments/{appointment.pk}/move/"' in html
    )


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_every_role_can_see_an_appointment(salon, appointment, role):
    assert logged_in(salon.user(role)).get(f"/appointments/{appointment.pk}/").status_code == 200


def test_a_stylist_sees_only_their_own_status_buttons_and_no_changes(
    salon, appointment, as_stylist
):
    html = as_stylist.get(f"/appointments/{appointment.pk}/").content.decode()
    assert 'value="arrived"' in html and 'value="completed"' in html
    assert 'value="cancelled"' not in html and 'value="no_show"' not in html
    assert "Move appointment" not in html and "Save notes" not in html
    assert "Allergic to PPD? check" in html


def test_another_business_appointment_is_not_found(salon, other, as_owner):
    theirs = book(other, (other.cut, other.jo, at(10)))
    assert as_owner.get(f"/appointments/{theirs.pk}/").status_code == 404
    assert (
        as_owner.post(f"/appointments/{theirs.pk}/status/", {"status": "arrived"}).status_code
        == 404
    )
    assert as_owner.post(f"/appointments/{theirs.pk}/notes/", {"notes": "x"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Status.BOOKED and theirs.notes == ""


def test_anonymous_visitors_must_log_in(appointment, client):
    assert client.get(f"/appointments/{appointment.pk}/").status_code == 302
    assert (
        client.post(f"/appointments/{appointment.pk}/status/", {"status": "arrived"}).status_code
        == 302
    )
    assert status_of(appointment) == Status.BOOKED


def test_the_front_desk_sets_a_status(appointment, as_front_desk):
    response = as_front_desk.post(
        f"/appointments/{appointment.pk}/status/", {"status": "confirmed"}
    )
    assert (
        response.status_code == 302 and response["Location"] == f"/appointments/{appointment.pk}/"
    )
    assert status_of(appointment) == Status.CONFIRMED


def test_it_returns_to_a_local_page_only(appointment, as_front_desk):
    url = f"/appointments/{appointment.pk}/status/"
    response = as_front_desk.post(url, {"status": "arrived", "next": "/?date=2026-11-24"})
    assert response["Location"] == "/?date=2026-11-24"
    response = as_front_desk.post(url, {"status": "in_progress", "next": "https://evil.example/"})
    assert response["Location"] == f"/appointments/{appointment.pk}/"


def test_cancelling_asks_first_and_keeps_the_record(salon, appointment, as_front_desk):
    url = f"/appointments/{appointment.pk}/status/"
    response = as_front_desk.post(url, {"status": "cancelled"})
    assert response.status_code == 200
    assert "Cancel this appointment?" in response.content.decode()
    assert status_of(appointment) == Status.BOOKED
    response = as_front_desk.post(url, {"status": "cancelled", "confirm": "yes"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.status == Status.CANCELLED
    assert appointment.cancelled_by == salon.front_desk and appointment.cancelled_at == NOW
    assert appointment.lines.count() == 2
    html = as_front_desk.get(f"/appointments/{appointment.pk}/").content.decode()
    assert "Cancelled 23 Nov 2026 at 09:00 by front_desk" in html
    assert 'name="status"' not in html  # a cancelled appointment stays cancelled


def test_a_cancelled_appointment_stays_cancelled(salon, appointment, as_owner):
    change_status(appointment, Status.CANCELLED, salon.owner)
    response = as_owner.post(
        f"/appointments/{appointment.pk}/status/", {"status": "booked"}, follow=True
    )
    assert "stays cancelled" in response.content.decode()
    assert status_of(appointment) == Status.CANCELLED


def test_leaving_no_show_into_a_taken_slot_is_refused(salon, appointment, as_owner):
    change_status(appointment, Status.NO_SHOW, salon.owner)
    book(salon, (salon.cut, salon.stylist_member, at(10)))
    response = as_owner.post(
        f"/appointments/{appointment.pk}/status/", {"status": "arrived"}, follow=True
    )
    assert "Sam Stylist is already busy at 10:00" in response.content.decode()
    assert status_of(appointment) == Status.NO_SHOW


@pytest.mark.parametrize("status", ["arrived", "in_progress", "completed"])
def test_a_stylist_updates_their_own_client(salon, appointment, as_stylist, status):
    response = as_stylist.post(f"/appointments/{appointment.pk}/status/", {"status": status})
    assert response.status_code == 302
    assert status_of(appointment) == status


@pytest.mark.parametrize("status", ["cancelled", "no_show", "booked", "confirmed"])
def test_a_stylist_may_not_cancel_or_rebook(salon, appointment, as_stylist, status):
    change_status(appointment, Status.ARRIVED, salon.front_desk)
    response = as_stylist.post(
        f"/appointments/{appointment.pk}/status/", {"status": status, "confirm": "yes"}
    )
    assert response.status_code == 403
    assert status_of(appointment) == Status.ARRIVED


def test_a_stylist_may_not_touch_someone_else_appointment(salon, as_stylist):
    jos = book(salon, (salon.cut, salon.jo, at(14)))
    response = as_stylist.post(f"/appointments/{jos.pk}/status/", {"status": "arrived"})
    assert response.status_code == 403
    assert status_of(jos) == Status.BOOKED


@pytest.mark.parametrize("status", ["", "deleted", "x" * 500])
def test_an_unknown_status_is_explained(appointment, as_owner, status):
    response = as_owner.post(
        f"/appointments/{appointment.pk}/status/", {"status": status}, follow=True
    )
    assert "Choose one of the listed statuses." in response.content.decode()
    assert status_of(appointment) == Status.BOOKED


def test_booking_staff_edit_notes(appointment, as_manager):
    response = as_manager.post(f"/appointments/{appointment.pk}/notes/", {"notes": "Bring coffee"})
    assert response.status_code == 302
    appointment.refresh_from_db()
    assert appointment.notes == "Bring coffee"


def test_notes_too_long_are_explained_and_not_saved(appointment, as_front_desk):
    response = as_front_desk.post(f"/appointments/{appointment.pk}/notes/", {"notes": "x" * 2001})
    assert response.status_code == 200
    assert "at most 2000 characters" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.notes == "Allergic to PPD? check"


def test_saving_notes_never_undoes_a_status_change(appointment, as_front_desk):
    stale = Appointment.objects.get(pk=appointment.pk)
    change_status(appointment, Status.ARRIVED, None)
    as_front_desk.post(f"/appointments/{stale.pk}/notes/", {"notes": "later"})
    assert status_of(appointment) == Status.ARRIVED


def test_a_stylist_may_not_edit_notes(appointment, as_stylist):
    assert (
        as_stylist.post(f"/appointments/{appointment.pk}/notes/", {"notes": "x"}).status_code == 403
    )
    appointment.refresh_from_db()
    assert appointment.notes == "Allergic to PPD? check"


def test_wrong_methods_are_refused(appointment, as_owner):
    assert as_owner.post(f"/appointments/{appointment.pk}/").status_code == 405
    assert as_owner.get(f"/appointments/{appointment.pk}/status/").status_code == 405
    assert as_owner.get(f"/appointments/{appointment.pk}/notes/").status_code == 405


@pytest.mark.parametrize("pk", ["999999", "99999999999999999999999"])
def test_an_unknown_appointment_is_not_found_anywhere(salon, as_owner, pk):
    assert as_owner.get(f"/appointments/{pk}/").status_code == 404
    assert as_owner.post(f"/appointments/{pk}/status/", {"status": "arrived"}).status_code == 404
    assert as_owner.post(f"/appointments/{pk}/notes/", {"notes": "x"}).status_code == 404
    assert as_owner.get(f"/appointments/{pk}/move/").status_code == 404
