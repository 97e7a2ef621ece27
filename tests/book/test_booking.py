"""The booking rules: snapshot at booking, processing time free, no double booking."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine

from salonkeep.book.booking import (
    BookingError,
    LineRequest,
    book_appointment,
    change_status,
    move_appointment,
)
from salonkeep.book.models import Appointment, AppointmentService, Status
from salonkeep.catalog.models import ServicePerformer
from salonkeep.lib.dates import local_instant
from salonkeep.team.models import ScheduleChange, TimeOff

# Tuesday 24 November 2026, London (UTC+0 in winter).
DAY = datetime(2026, 11, 24).date()


def at(hour: int, minute: int = 0):
    return datetime(2026, 11, 24, hour, minute, tzinfo=UTC)


def book(salon, *lines, client=None, **kwargs):
    return book_appointment(
        business=salon.business,
        location=salon.location,
        client=client or salon.client,
        lines=[LineRequest(service=s, team_member=m, starts_at=t) for s, m, t in lines],
        **kwargs,
    )


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(datetime(2026, 11, 23, 9, tzinfo=UTC), tick=False):
        yield


def test_it_snapshots_price_and_duration(salon):
    appointment = book(salon, (salon.colour, salon.stylist_member, at(10)))
    salon.colour.price = 9999
    salon.colour.initial_minutes = 90
    salon.colour.save()
    line = appointment.lines.get()
    assert (line.price, line.initial_minutes, line.processing_minutes) == (8500, 30, 45)
    assert line.finish_minutes == 30 and line.blocked_minutes == 15
    assert appointment.starts_at == at(10)
    assert appointment.ends_at == at(11, 45)  # the client never sees clean-up time
    assert line.ends_at == at(12)


def test_it_applies_team_member_overrides(salon):
    ServicePerformer.objects.filter(service=salon.cut, team_member=salon.jo).update(
        price=3000, initial_minutes=60
    )
    appointment = book(salon, (salon.cut, salon.jo, at(10)))
    line = appointment.lines.get()
    assert (line.price, line.initial_minutes) == (3000, 60)


def test_it_allows_booking_into_processing_time(salon):
    book(salon, (salon.colour, salon.stylist_member, at(10)))
    # Colour: busy 10:00-10:30, processing 10:30-11:15 (free), busy 11:15-12:00.
    other = salon.client.__class__.objects.create(business=salon.business, first_name="Bea")
    fringe = salon.cut
    fringe.initial_minutes = 45
    second = book(salon, (fringe, salon.stylist_member, at(10, 30)), client=other)
    assert second.pk


def test_it_refuses_double_booking(salon):
    book(salon, (salon.cut, salon.stylist_member, at(10)))
    with pytest.raises(BookingError, match="already busy at 10:00 with Alice Archer"):
        book(salon, (salon.cut, salon.stylist_member, at(10, 30)))
    assert Appointment.objects.count() == 1


def test_it_refuses_overlap_with_clean_up_time(salon):
    book(salon, (salon.colour, salon.stylist_member, at(10)))
    with pytest.raises(BookingError):
        book(salon, (salon.cut, salon.stylist_member, at(11, 50)))


def test_it_lets_another_team_member_take_the_slot(salon):
    book(salon, (salon.cut, salon.stylist_member, at(10)))
    assert book(salon, (salon.cut, salon.jo, at(10))).pk


def test_it_books_several_services_with_different_people(salon):
    appointment = book(
        salon,
        (salon.colour, salon.stylist_member, at(10)),
        (salon.cut, salon.jo, at(10, 30)),  # a blow-dry by the junior while colour processes
    )
    assert appointment.lines.count() == 2
    assert appointment.ends_at == at(11, 45)


def test_it_refuses_one_person_doing_two_things_at_once(salon):
    with pytest.raises(BookingError, match="at the same time"):
        book(salon, (salon.cut, salon.jo, at(10)), (salon.cut, salon.jo, at(10, 15)))
    assert Appointment.objects.count() == 0 and AppointmentService.objects.count() == 0


def test_cancelled_appointments_release_the_time(salon):
    first = book(salon, (salon.cut, salon.stylist_member, at(10)))
    change_status(first, Status.CANCELLED, salon.front_desk)
    assert book(salon, (salon.cut, salon.stylist_member, at(10))).pk
    first.refresh_from_db()
    assert first.status == Status.CANCELLED and first.cancelled_by == salon.front_desk
    assert first.cancelled_at is not None


def test_a_cancelled_appointment_stays_cancelled(salon):
    first = book(salon, (salon.cut, salon.stylist_member, at(10)))
    change_status(first, Status.CANCELLED, salon.owner)
    with pytest.raises(BookingError, match="stays cancelled"):
        change_status(first, Status.BOOKED, salon.owner)


def test_leaving_no_show_rechecks_the_time(salon):
    first = book(salon, (salon.cut, salon.stylist_member, at(10)))
    change_status(first, Status.NO_SHOW, salon.owner)
    book(salon, (salon.cut, salon.stylist_member, at(10)))
    with pytest.raises(BookingError, match="already busy"):
        change_status(first, Status.ARRIVED, salon.owner)


def test_it_refuses_outside_opening_hours(salon):
    with pytest.raises(BookingError, match="open 09:00–18:00"):
        book(salon, (salon.cut, salon.stylist_member, at(17, 30)))
    with pytest.raises(BookingError, match="closed on Sundays"):
        book(salon, (salon.cut, salon.stylist_member, at(10) + timedelta(days=5)))


def test_it_refuses_a_team_member_who_is_not_working(salon):
    TimeOff.objects.create(
        business=salon.business, team_member=salon.jo, starts_at=at(9), ends_at=at(13)
    )
    with pytest.raises(BookingError, match="Jo Junior is not working"):
        book(salon, (salon.cut, salon.jo, at(10)))
    ScheduleChange.objects.create(
        business=salon.business,
        team_member=salon.stylist_member,
        location=salon.location,
        date=DAY,
        starts=time(12),
        ends=time(18),
    )
    with pytest.raises(BookingError, match="Sam Stylist is not working"):
        book(salon, (salon.cut, salon.stylist_member, at(10)))
    assert book(salon, (salon.cut, salon.stylist_member, at(12))).pk
    assert book(salon, (salon.cut, salon.jo, at(10)), check_schedule=False).pk


def test_it_refuses_a_service_the_member_does_not_perform(salon):
    ServicePerformer.objects.filter(service=salon.colour, team_member=salon.jo).delete()
    with pytest.raises(BookingError, match="does not perform"):
        book(salon, (salon.colour, salon.jo, at(10)))


def test_it_refuses_another_business_records(salon, other):
    with pytest.raises(BookingError):
        book(salon, (other.cut, salon.jo, at(10)))
    with pytest.raises(BookingError):
        book(salon, (salon.cut, other.jo, at(10)))
    with pytest.raises(BookingError):
        book(salon, (salon.cut, salon.jo, at(10)), client=other.client)


def test_move_keeps_gaps_and_checks_overlap(salon):
    appointment = book(
        salon,
        (salon.colour, salon.stylist_member, at(10)),
        (salon.cut, salon.jo, at(10, 30)),
    )
    move_appointment(appointment, new_start=at(13))
    starts = sorted(appointment.lines.values_list("starts_at", flat=True))
    assert starts == [at(13), at(13, 30)]
    blocker = book(salon, (salon.cut, salon.owner_member, at(14)))  # 14:00-14:45
    with pytest.raises(BookingError, match="already busy"):
        move_appointment(
            appointment,
            new_start=at(14, 30),
            reassign={salon.stylist_member.pk: salon.owner_member},
        )
    appointment.refresh_from_db()
    assert appointment.starts_at == at(13)
    moved = move_appointment(
        appointment, new_start=at(9), reassign={salon.stylist_member.pk: salon.owner_member}
    )
    assert {line.team_member for line in moved.lines.all()} == {salon.owner_member, salon.jo}
    assert blocker.pk


def test_a_daylight_saving_day_is_handled_in_instants(salon):
    # Sunday 25 Oct 2026 clocks go back; Monday 26 Oct is plain GMT, Saturday 24th is BST.
    saturday = datetime(2026, 10, 24).date()
    start = local_instant(saturday, time(9), salon.business.tz)
    assert start == datetime(2026, 10, 24, 8, tzinfo=UTC)
    assert book(salon, (salon.cut, salon.jo, start)).pk
    with pytest.raises(BookingError, match="open 09:00"):
        book(salon, (salon.cut, salon.jo, start - timedelta(minutes=30)))
