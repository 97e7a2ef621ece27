"""`salonkeep demo`: the small, realistic demo salon."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from salonkeep.accounts.models import Business, Location, OpeningHours, Role, User
from salonkeep.activity.models import ActivityEntry
from salonkeep.book.models import Appointment, AppointmentService, Status
from salonkeep.catalog.models import Service, ServiceCategory, ServicePerformer
from salonkeep.clients.models import Client, ColourNote, PatchTest
from salonkeep.team.models import TeamMember, TimeOff, WorkingHours
from salonkeep.team.schedule import working_periods
from tests.demo.checks import outside_opening_hours, overlapping_busy_periods

# A Wednesday morning in British Summer Time: 11:05 in London is 10:05 UTC.
NOW = datetime(2026, 6, 17, 10, 5, tzinfo=UTC)
LOGINS = ("owner", "manager", "frontdesk", "stylist")


def run_demo(*args):
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def demo(db, frozen):
    output = run_demo()
    return Business.objects.get(slug="demo"), output


def local_day(business, instant):
    return instant.astimezone(business.tz).date()


def test_it_creates_the_salon_team_and_menu(demo):
    business, _ = demo
    assert business.time_zone == "Europe/London" and business.currency == "GBP"
    members = list(TeamMember.objects.filter(business=business))
    assert 6 <= len(members) <= 8
    assert all(member.title and member.colour.startswith("#") for member in members)
    assert len({member.colour for member in members}) == len(members)
    days_worked = {
        member.name: set(
            WorkingHours.objects.filter(team_member=member).values_list("weekday", flat=True)
        )
        for member in members
    }
    assert len({frozenset(days) for days in days_worked.values()}) > 3  # varied days
    assert min(len(days) for days in days_worked.values()) <= 3  # a part-timer
    location = Location.objects.get(business=business)
    hours = {row.weekday: (row.opens, row.closes) for row in OpeningHours.objects.all()}
    assert sorted(hours) == [0, 1, 2, 3, 4, 5]  # Monday to Saturday
    assert hours[3][1] == time(21) and all(
        closes <= time(19) for _, closes in hours.values() if closes != time(21)
    )
    assert location.address
    categories = set(
        ServiceCategory.objects.filter(business=business).values_list("name", flat=True)
    )
    assert {"Cuts & styling", "Colour", "Treatments"} <= categories


def test_it_gives_colour_services_processing_time(demo):
    business, _ = demo
    colour = Service.objects.get(business=business, name="Full head colour")
    assert (colour.initial_minutes, colour.processing_minutes) == (30, 45)
    assert (colour.finish_minutes, colour.blocked_minutes) == (30, 15)
    colour_services = Service.objects.filter(business=business, category__name="Colour")
    names = set(colour_services.values_list("name", flat=True))
    assert {"Half head highlights", "Toner / gloss"} <= names
    assert all(service.processing_minutes > 0 for service in colour_services)


def test_it_gives_the_senior_stylist_her_own_prices_and_times(demo):
    business, _ = demo
    senior = TeamMember.objects.get(business=business, title="Senior stylist")
    colour = ServicePerformer.objects.get(team_member=senior, service__name="Full head colour")
    assert colour.price > colour.service.price
    assert colour.initial_minutes < colour.service.initial_minutes


def test_it_creates_clients_with_full_record_cards(demo):
    business, _ = demo
    clients = Client.objects.filter(business=business)
    assert 200 <= clients.count() <= 900
    assert clients.exclude(email="").count() > 100
    assert clients.exclude(email="").count() < clients.count()
    assert clients.filter(birthday__isnull=False).count() > 100
    assert clients.filter(marketing_consent=True).exists()
    assert clients.filter(marketing_consent=False).exists()
    assert clients.exclude(notes="").exists() and clients.exclude(allergies="").exists()
    assert all(client.phone_key for client in clients.exclude(phone=""))
    # They joined over the years, not all at the moment the demo ran.
    assert clients.filter(created_at__lt=NOW - timedelta(days=365)).count() > 100
    tests = PatchTest.objects.filter(business=business)
    assert set(tests.values_list("result", flat=True)) == {"passed", "pending", "failed"}
    authors = set(ColourNote.objects.filter(business=business).values_list("created_by", flat=True))
    assert len(authors - {None}) >= 2


def test_it_books_four_weeks_around_today(demo):
    business, _ = demo
    appointments = Appointment.objects.filter(business=business)
    assert appointments.count() > 400
    today = local_day(business, NOW)
    days = {local_day(business, a.starts_at) for a in appointments}
    assert min(days) == today - timedelta(days=14)
    assert max(days) >= today + timedelta(days=12)
    past = set(appointments.filter(ends_at__lte=NOW).values_list("status", flat=True))
    assert past == {Status.COMPLETED, Status.NO_SHOW, Status.CANCELLED}
    future = appointments.filter(starts_at__gt=NOW + timedelta(hours=1))
    assert set(future.values_list("status", flat=True)) == {
        Status.BOOKED,
        Status.CONFIRMED,
        Status.CANCELLED,
    }
    todays = [a for a in appointments if local_day(business, a.starts_at) == today]
    assert len({a.status for a in todays}) >= 3
    cancelled = appointments.filter(status=Status.CANCELLED)
    assert not cancelled.filter(cancelled_at__isnull=True).exists()
    assert not cancelled.filter(cancelled_at__gt=NOW).exists()
    assert not appointments.filter(created_at__gt=NOW).exists()


def test_it_books_several_services_in_one_appointment(demo):
    business, _ = demo
    lines = AppointmentService.objects.filter(business=business)
    by_appointment = {}
    for line in lines:
        by_appointment.setdefault(line.appointment_id, []).append(line)
    multi = [group for group in by_appointment.values() if len(group) > 1]
    assert len(multi) > 20
    assert any(len({line.team_member_id for line in group}) > 1 for group in multi)
    for appointment in Appointment.objects.filter(pk__in=[g[0].appointment_id for g in multi]):
        group = sorted(by_appointment[appointment.pk], key=lambda line: line.position)
        assert appointment.starts_at == group[0].starts_at
        assert appointment.ends_at == max(line.client_ends_at for line in group)


def test_it_never_double_books_and_uses_processing_time(demo):
    business, _ = demo
    assert overlapping_busy_periods(business) == []
    held = AppointmentService.objects.filter(business=business).exclude(
        appointment__status=Status.CANCELLED
    )
    colours = [line for line in held if line.processing_minutes]
    inside = 0
    for colour in colours:
        gap_start = colour.starts_at + timedelta(minutes=colour.initial_minutes)
        gap_end = gap_start + timedelta(minutes=colour.processing_minutes)
        inside += (
            held.filter(
                team_member_id=colour.team_member_id,
                starts_at__gte=gap_start,
                starts_at__lt=gap_end,
            )
            .exclude(appointment_id=colour.appointment_id)
            .count()
        )
    assert inside > 10


def test_it_books_inside_opening_and_working_hours(demo):
    business, _ = demo
    assert outside_opening_hours(business) == []
    location = Location.objects.get(business=business)
    members = list(TeamMember.objects.filter(business=business))
    lines = AppointmentService.objects.filter(business=business).exclude(
        appointment__status=Status.CANCELLED
    )
    periods_by_day = {}
    for line in lines:
        day = local_day(business, line.starts_at)
        if day not in periods_by_day:
            periods_by_day[day] = working_periods(business, location, day, members)
        periods = periods_by_day[day][line.team_member_id]
        assert any(start <= line.starts_at and line.ends_at <= end for start, end in periods)


def test_it_respects_time_off(demo):
    business, _ = demo
    holiday = TimeOff.objects.get(business=business)
    assert not AppointmentService.objects.filter(
        team_member=holiday.team_member,
        starts_at__lt=holiday.ends_at,
        ends_at__gt=holiday.starts_at,
    ).exists()


def test_it_prints_logins_that_work(demo):
    business, output = demo
    assert "salonkeep serve" in output and "http://localhost:8000/" in output
    assert "salonkeep-demo" in output
    for username in LOGINS:
        assert f"  {username} " in output
        user = authenticate(username=username, password="salonkeep-demo")
        assert user is not None and user.business == business
    roles = dict(User.objects.filter(business=business).values_list("username", "role"))
    assert roles == {
        "owner": Role.OWNER,
        "manager": Role.MANAGER,
        "frontdesk": Role.FRONT_DESK,
        "stylist": Role.STYLIST,
    }
    stylist = User.objects.get(username="stylist")
    assert TeamMember.objects.get(user=stylist).business == business


def test_it_keeps_an_existing_demo(demo):
    business, _ = demo
    counts = (Appointment.objects.count(), Client.objects.count(), ActivityEntry.objects.count())
    output = run_demo()
    assert "already exists" in output and "--reset" in output
    assert "  stylist " in output and "salonkeep-demo" in output
    assert Business.objects.get(slug="demo").pk == business.pk
    assert (
        Appointment.objects.count(),
        Client.objects.count(),
        ActivityEntry.objects.count(),
    ) == counts


def test_it_resets_only_the_demo_salon(other, frozen):
    run_demo()
    old = Business.objects.get(slug="demo")
    other_clients = Client.objects.filter(business=other.business).count()
    other_log = ActivityEntry.objects.filter(business=other.business).count()
    output = run_demo("--reset")
    assert "Deleted the demo salon" in output
    new = Business.objects.get(slug="demo")
    assert new.pk != old.pk
    assert not Appointment.objects.filter(business_id=old.pk).exists()
    assert not ActivityEntry.objects.filter(business_id=old.pk).exists()
    assert Client.objects.filter(business=other.business).count() == other_clients
    assert ActivityEntry.objects.filter(business=other.business).count() == other_log
    assert User.objects.filter(username="other_owner").exists()
    assert authenticate(username="owner", password="salonkeep-demo").business == new


def test_it_is_the_same_salon_for_the_same_seed(db, frozen):
    def book():
        fields = (
            "starts_at",
            "team_member__name",
            "service_name",
            "appointment__client__last_name",
            "appointment__status",
        )
        lines = AppointmentService.objects.filter(business__slug="demo")
        return list(lines.order_by(*fields).values_list(*fields))

    run_demo()
    first = book()
    run_demo("--reset")
    assert book() == first
    run_demo("--reset", "--seed", "7")
    assert book() != first


def test_it_uses_the_time_zone_and_currency_given(db, frozen):
    run_demo("--time-zone", "America/New_York", "--currency", "USD")
    business = Business.objects.get(slug="demo")
    assert (business.time_zone, business.currency) == ("America/New_York", "USD")
    assert outside_opening_hours(business) == []
    first = Appointment.objects.filter(business=business).order_by("starts_at").first()
    assert first.starts_at.astimezone(business.tz).time() >= time(8, 30)


def test_it_refuses_a_bad_time_zone(db):
    with pytest.raises(CommandError, match="not a time zone"):
        run_demo("--time-zone", "Mars/Olympus")
    assert not Business.objects.exists()


def test_it_refuses_when_another_salon_has_its_usernames(salon, frozen):
    with pytest.raises(
        CommandError, match=r"but manager, owner, stylist are already taken by another salon"
    ):
        run_demo()
    assert not Business.objects.filter(slug="demo").exists()


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 3, 29, 12, 0, tzinfo=UTC),  # the morning the clocks went forward
        datetime(2026, 10, 25, 12, 0, tzinfo=UTC),  # the morning they went back
    ],
)
def test_it_keeps_to_wall_clock_hours_across_a_clock_change(db, now):
    with time_machine.travel(now, tick=False):
        run_demo()
    business = Business.objects.get(slug="demo")
    assert outside_opening_hours(business) == []
    assert overlapping_busy_periods(business) == []
