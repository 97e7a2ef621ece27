"""A backup is one consistent instant while the salon keeps booking: a writer books
two-line appointments throughout, and the backup holds no half-written appointment,
and did not stop the writer."""

from __future__ import annotations

import threading
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from salonkeep.book.booking import LineRequest, book_appointment
from salonkeep.book.models import Appointment, AppointmentService
from salonkeep.continuity import snapshot
from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.verify import verify_backup
from tests.continuity.helpers import opened_backup

pytestmark = pytest.mark.django_db(transaction=True)
LONDON = ZoneInfo("Europe/London")


def slots():
    """Hourly starts inside opening hours (Mon–Sat 09:00–18:00), day after day."""
    day = date(2027, 1, 4)
    while True:
        if day.weekday() < 6:
            for hour in range(9, 18):
                yield datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)
        day += timedelta(days=1)


class Writer(threading.Thread):
    def __init__(self, salon):
        super().__init__(daemon=True)
        self.salon = salon
        self.stop = threading.Event()
        self.errors = []
        self.booked = 0

    def run(self):
        try:
            for start in slots():
                if self.stop.is_set():
                    break
                book_appointment(
                    business=self.salon.business,
                    location=self.salon.location,
                    client=self.salon.client,
                    lines=[
                        LineRequest(self.salon.cut, self.salon.jo, start),
                        LineRequest(self.salon.cut, self.salon.stylist_member, start),
                    ],
                    check_schedule=False,
                )
                self.booked += 1
        except Exception as error:  # reported by the test
            self.errors.append(error)
        finally:
            connection.close()

    def wait_for(self, count, seconds=30):
        deadline = time.monotonic() + seconds
        while self.booked < count and not self.errors and time.monotonic() < deadline:
            time.sleep(0.01)


@pytest.fixture
def slow_copy(monkeypatch):
    """Pause before each table (PostgreSQL), or between fixing the instant and copying
    the file (SQLite), so that the writer commits meanwhile: a copy that read each table
    at its own moment would catch appointments without lines."""
    copy = snapshot.copy_rows
    copy_file = snapshot.copy_live_database

    def paused_copy(rows, target):
        time.sleep(0.05)
        return copy(rows, target)

    def paused_file_copy(source, target):
        time.sleep(0.5)
        copy_file(source, target)

    monkeypatch.setattr(snapshot, "copy_rows", paused_copy)
    monkeypatch.setattr(snapshot, "copy_live_database", paused_file_copy)


def test_it_backs_up_one_instant_while_bookings_continue(salon, location, slow_copy):
    writer = Writer(salon)
    writer.start()
    try:
        writer.wait_for(5)
        before = Appointment.objects.count()
        outcome = take_backup(salon.business, location)
        after = Appointment.objects.count()
        writer.wait_for(writer.booked + 3)
    finally:
        writer.stop.set()
        writer.join(timeout=60)
    assert writer.errors == []
    # The writer kept committing while the backup ran: it was never locked out.
    assert after - before >= 3
    assert verify_backup(outcome.path).ok
    with opened_backup(outcome.path) as backup:
        appointments = set(Appointment._base_manager.using(backup).values_list("pk", flat=True))
        lines = list(
            AppointmentService._base_manager.using(backup).values_list("appointment_id", flat=True)
        )
    assert before <= len(appointments) <= after
    assert set(lines) == appointments
    assert all(lines.count(pk) == 2 for pk in appointments)
    assert outcome.manifest.row_counts["book_appointmentservice"] == 2 * len(appointments)
