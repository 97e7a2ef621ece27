"""`salonkeep demo --size large`, built at 1/500 of its size through the same code."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from salonkeep.accounts.models import Business, Location, OpeningHours
from salonkeep.book.models import Appointment, AppointmentService, Status
from salonkeep.clients.models import Client
from salonkeep.demo import large
from salonkeep.sales.models import Payment, Ticket
from salonkeep.sales.payments import owed_payments
from salonkeep.sales.tickets import covered_amount, price_of
from salonkeep.team.models import TeamMember, WorkingHours
from tests.demo.checks import outside_opening_hours, overlapping_busy_periods

NOW = datetime(2026, 1, 14, 15, 0, tzinfo=UTC)
SCALE = "0.002"


def run_large(*args):
    out = StringIO()
    call_command("demo", "--size", "large", "--scale", SCALE, *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def group(db, frozen):
    output = run_large()
    return Business.objects.get(slug="demo-large"), output


def test_it_builds_the_group_at_the_scale_asked(group):
    business, output = group
    assert Location.objects.filter(business=business).count() == 3
    assert TeamMember.objects.filter(business=business).count() == 40
    assert Client.objects.filter(business=business).count() == 100
    assert Appointment.objects.filter(business=business).count() == 1000
    assert AppointmentService.objects.filter(business=business).count() > 1000
    assert "1,000 appointments" in output and "Created the demo salon" in output
    for location in Location.objects.filter(business=business):
        assert OpeningHours.objects.filter(location=location).count() >= 6
        assert WorkingHours.objects.filter(location=location).exists()


def test_it_spreads_a_scaled_book_over_a_scaled_span(group):
    business, _ = group
    appointments = Appointment.objects.filter(business=business)
    days = {a.starts_at.astimezone(business.tz).date() for a in appointments}
    today = NOW.astimezone(business.tz).date()
    assert min(days) == today - timedelta(days=3) and max(days) == today + timedelta(days=1)
    assert appointments.filter(starts_at__gt=NOW, status="booked").exists()
    assert appointments.filter(starts_at__lt=NOW, status="completed").exists()


def test_it_spans_four_years_and_the_next_month_at_full_size():
    days = large.book_days(date(2026, 12, 27))
    assert days[0] == date(2022, 12, 27) and days[-1] == date(2027, 1, 27)
    assert date(2026, 12, 24) in days and date(2026, 12, 28) in days
    for closed in (date(2026, 12, 25), date(2026, 12, 26), date(2027, 1, 1)):
        assert closed not in days


def test_it_fills_days_as_full_as_at_full_size(group):
    business, _ = group
    # Five days instead of ~1,500: 1/500 of the appointments in 1/300 of the days.
    assert Appointment.objects.filter(business=business).count() == 1000
    busiest = max(
        AppointmentService.objects.filter(business=business, team_member=member).count()
        for member in TeamMember.objects.filter(business=business)
    )
    assert busiest >= 20


def test_it_never_double_books_a_team_member(group):
    business, _ = group
    assert overlapping_busy_periods(business) == []


def test_it_books_inside_opening_hours(group):
    business, _ = group
    assert outside_opening_hours(business) == []


def test_it_prints_logins_that_work(group):
    business, output = group
    for login in large.LOGINS:
        assert login.username in output
        user = authenticate(username=login.username, password="salonkeep-demo")
        assert user is not None and user.business == business


def test_it_keeps_an_existing_large_demo(group):
    business, _ = group
    output = run_large()
    assert "already exists" in output
    assert Appointment.objects.filter(business=business).count() == 1000


def test_it_checks_out_only_the_last_open_day(group):
    business, output = group
    yesterday = NOW.astimezone(business.tz).date() - timedelta(days=1)
    completed = Appointment.objects.filter(business=business, status=Status.COMPLETED)
    days = {a.ends_at.astimezone(business.tz).date() for a in completed}
    assert yesterday in days and min(days) < yesterday
    tickets = Ticket.objects.filter(business=business)
    checked_out = {t.appointment.ends_at.astimezone(business.tz).date() for t in tickets}
    assert checked_out == {yesterday}
    assert tickets.count() == len(
        [a for a in completed if a.ends_at.astimezone(business.tz).date() == yesterday]
    )
    assert all(covered_amount(t) == price_of(t).due for t in tickets)
    assert owed_payments(business).count() == 1
    assert f"{tickets.count():,} visits" in output


def test_it_sits_beside_the_small_demo(group):
    call_command("demo", stdout=StringIO())
    run_large("--reset")
    assert set(Business.objects.values_list("slug", flat=True)) == {"demo", "demo-large"}
    assert Appointment.objects.filter(business__slug="demo").exists()
    # Each salon has its own till: its own ticket numbers, for its own visits.
    for slug in ("demo", "demo-large"):
        tickets = Ticket.objects.filter(business__slug=slug)
        numbers = sorted(tickets.values_list("number", flat=True))
        assert numbers == list(range(1, len(numbers) + 1)) and numbers
        assert not tickets.exclude(appointment__business__slug=slug).exists()
        assert (
            not Payment.objects.filter(business__slug=slug)
            .exclude(ticket__business__slug=slug)
            .exists()
        )


def test_it_removes_an_unfinished_large_demo(db, frozen, monkeypatch):
    def fail(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr(large.GroupBook, "_flush", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        run_large()
    assert not Business.objects.filter(slug="demo-large").exists()
    assert not Client.objects.exists()


def test_it_refuses_a_scale_out_of_range(db):
    for scale in ("0", "2", "lots"):
        with pytest.raises(CommandError, match="--scale"):
            call_command("demo", "--size", "large", "--scale", scale, stdout=StringIO())
    assert not Business.objects.exists()
