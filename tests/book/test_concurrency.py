"""No double booking under real concurrency: simultaneous HTTP requests against a live
server, each on its own connection and database session. The database transaction
decides (SQLite: IMMEDIATE transactions; PostgreSQL: row locks on the team members), so
exactly one of several clashing bookings wins."""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlencode, urlsplit

import pytest
from django.test import Client as DjangoClient

from salonkeep.book import booking as booking_service
from salonkeep.book.models import Appointment, AppointmentService
from salonkeep.clients.models import Client
from tests.book.helpers import DAY

pytestmark = pytest.mark.django_db(transaction=True)

# A CSRF secret of the right shape: sent as the cookie and echoed in the header, as the
# page script does.
CSRF_TOKEN = "k" * 32
THREADS = 8


@pytest.fixture(autouse=True)
def _wide_race_window(monkeypatch):
    """Pause between checking the team member's time and writing the booking, so the
    simultaneous requests really do overlap there. A check made outside the database's
    serialisation would let several of them through."""
    check = booking_service.check_no_double_booking

    def slow_check(*args, **kwargs):
        check(*args, **kwargs)
        time.sleep(0.05)

    monkeypatch.setattr(booking_service, "check_no_double_booking", slow_check)


def session_of(user) -> str:
    http_client = DjangoClient()
    http_client.force_login(user)
    return http_client.cookies["sessionid"].value


def post(live_server, path, data, session):
    address = urlsplit(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        connection.request(
            "POST",
            path,
            body=urlencode(data),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"sessionid={session}; csrftoken={CSRF_TOKEN}",
                "X-CSRFToken": CSRF_TOKEN,
            },
        )
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def booking(salon, member, start, first_name=None, client=None):
    """The new-appointment form for one cut: an existing client, or a new one by name."""
    return {
        "location": salon.location.pk,
        "date": f"{DAY:%Y-%m-%d}",
        "client": client.pk if client else "new",
        "new_first_name": first_name or "",
        "new_last_name": "Racer" if first_name else "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "1",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "12",
        "lines-0-service": salon.cut.pk,
        "lines-0-team_member": member.pk,
        "lines-0-start": start,
    }


def all_at_once(live_server, session, forms):
    """POST every form to book:new at the same moment, each from its own thread."""
    barrier = threading.Barrier(len(forms))
    results: list[tuple[int, str] | BaseException] = [None] * len(forms)  # type: ignore[list-item]

    def run(index, data):
        try:
            barrier.wait(timeout=30)
            results[index] = post(live_server, "/appointments/new/", data, session)
        except BaseException as error:  # reported by the test, not lost in a thread
            results[index] = error

    threads = [threading.Thread(target=run, args=(i, data)) for i, data in enumerate(forms)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [result for result in results if isinstance(result, BaseException)]
    assert not errors, errors
    return results


def test_eight_people_booking_the_same_slot_make_one_appointment(live_server, salon):
    session = session_of(salon.front_desk)
    clients = [
        Client.objects.create(business=salon.business, first_name=f"Client{i}")
        for i in range(THREADS)
    ]
    forms = [booking(salon, salon.jo, "10:00", client=client) for client in clients]
    results = all_at_once(live_server, session, forms)
    statuses = sorted(status for status, _ in results)
    assert statuses == [200] * (THREADS - 1) + [302], statuses
    refusals = [body for status, body in results if status == 200]
    assert all("Jo Junior is already busy at 10:00" in body for body in refusals)
    assert Appointment.objects.count() == 1
    assert AppointmentService.objects.filter(team_member=salon.jo).count() == 1


def test_new_clients_of_refused_bookings_are_not_kept(live_server, salon):
    session = session_of(salon.front_desk)
    forms = [booking(salon, salon.jo, "10:00", first_name=f"New{i}") for i in range(THREADS)]
    results = all_at_once(live_server, session, forms)
    assert sorted(status for status, _ in results) == [200] * (THREADS - 1) + [302]
    assert Appointment.objects.count() == 1
    # Only the winner's inline client was kept; the others were rolled back with it.
    assert Client.objects.filter(last_name="Racer").count() == 1


def test_overlapping_times_for_one_person_make_one_appointment(live_server, salon):
    session = session_of(salon.front_desk)
    # 10:00, 10:05, ... 10:35: every 45-minute cut overlaps every other.
    forms = [
        booking(salon, salon.stylist_member, f"10:{5 * i:02d}", client=salon.client)
        for i in range(THREADS)
    ]
    results = all_at_once(live_server, session, forms)
    assert sorted(status for status, _ in results) == [200] * (THREADS - 1) + [302]
    assert all("Sam Stylist is already busy" in body for status, body in results if status == 200)
    assert Appointment.objects.count() == 1


def test_bookings_that_do_not_clash_all_succeed_at_once(live_server, salon):
    session = session_of(salon.front_desk)
    forms = [
        booking(salon, member, "10:00", client=salon.client)
        for member in (salon.owner_member, salon.stylist_member, salon.jo)
    ] + [booking(salon, salon.jo, "11:00", first_name="Later")]
    results = all_at_once(live_server, session, forms)
    assert [status for status, _ in results] == [302] * 4
    assert Appointment.objects.count() == 4
