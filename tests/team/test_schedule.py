"""Who works when: weekly hours, one-off changes, time off, and clock changes."""

from datetime import UTC, date, datetime, time, timedelta

from salonkeep.accounts.models import Location
from salonkeep.team.models import ScheduleChange, TimeOff, WorkingHours
from salonkeep.team.schedule import is_working, working_members, working_periods

WEDNESDAY = date(2026, 7, 1)  # British Summer Time: local = UTC + 1
SPRING_FORWARD = date(2026, 3, 29)  # a Sunday; clocks go from 01:00 GMT to 02:00 BST
FALL_BACK = date(2026, 10, 25)  # a Sunday; clocks go from 02:00 BST back to 01:00 GMT


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def periods_of(salon, member, day, location=None):
    return working_periods(salon.business, location or salon.location, day, [member])[member.pk]


def hours(salon, member, day, **kwargs):
    return WorkingHours.objects.create(
        business=salon.business,
        team_member=member,
        location=salon.location,
        weekday=day.weekday(),
        **kwargs,
    )


def change(salon, member, day, starts=None, ends=None, location=None):
    return ScheduleChange.objects.create(
        business=salon.business,
        team_member=member,
        location=location or salon.location,
        date=day,
        starts=starts,
        ends=ends,
    )


def test_it_reads_weekly_hours_in_the_business_time_zone(salon):
    assert periods_of(salon, salon.jo, WEDNESDAY) == [(utc(2026, 7, 1, 8), utc(2026, 7, 1, 17))]


def test_it_gives_nothing_on_a_day_without_weekly_hours(salon):
    assert periods_of(salon, salon.jo, date(2026, 7, 5)) == []  # Sunday


def test_it_keeps_split_shifts_in_order(salon):
    WorkingHours.objects.filter(team_member=salon.jo, weekday=WEDNESDAY.weekday()).delete()
    hours(salon, salon.jo, WEDNESDAY, starts=time(15), ends=time(20))
    hours(salon, salon.jo, WEDNESDAY, starts=time(9), ends=time(12))
    assert periods_of(salon, salon.jo, WEDNESDAY) == [
        (utc(2026, 7, 1, 8), utc(2026, 7, 1, 11)),
        (utc(2026, 7, 1, 14), utc(2026, 7, 1, 19)),
    ]


def test_it_lets_a_one_off_change_replace_the_weekly_hours(salon):
    change(salon, salon.jo, WEDNESDAY, time(12), time(20))
    assert periods_of(salon, salon.jo, WEDNESDAY) == [(utc(2026, 7, 1, 11), utc(2026, 7, 1, 19))]
    # Only that date: the next Wednesday is back to normal.
    next_week = WEDNESDAY + timedelta(days=7)
    assert periods_of(salon, salon.jo, next_week) == [(utc(2026, 7, 8, 8), utc(2026, 7, 8, 17))]


def test_it_gives_a_working_sunday_through_a_change(salon):
    sunday = date(2026, 7, 5)
    change(salon, salon.jo, sunday, time(10), time(14))
    assert periods_of(salon, salon.jo, sunday) == [(utc(2026, 7, 5, 9), utc(2026, 7, 5, 13))]


def test_it_gives_nothing_on_a_not_working_change(salon):
    change(salon, salon.jo, WEDNESDAY)
    assert periods_of(salon, salon.jo, WEDNESDAY) == []
    assert salon.jo not in working_members(salon.business, salon.location, WEDNESDAY)
    assert salon.stylist_member in working_members(salon.business, salon.location, WEDNESDAY)


def test_it_lets_a_change_at_another_location_take_the_whole_day(salon):
    north = Location.objects.create(business=salon.business, name="North Road")
    change(salon, salon.jo, WEDNESDAY, time(9), time(17), location=north)
    assert periods_of(salon, salon.jo, WEDNESDAY) == []
    assert periods_of(salon, salon.jo, WEDNESDAY, north) == [
        (utc(2026, 7, 1, 8), utc(2026, 7, 1, 16))
    ]


def test_it_cuts_time_off_out_of_the_middle_of_a_day(salon):
    TimeOff.objects.create(
        business=salon.business,
        team_member=salon.jo,
        starts_at=utc(2026, 7, 1, 11),
        ends_at=utc(2026, 7, 1, 13),
        reason="Dentist",
    )
    periods = periods_of(salon, salon.jo, WEDNESDAY)
    assert periods == [
        (utc(2026, 7, 1, 8), utc(2026, 7, 1, 11)),
        (utc(2026, 7, 1, 13), utc(2026, 7, 1, 17)),
    ]
    assert is_working(periods, utc(2026, 7, 1, 9), utc(2026, 7, 1, 10))
    assert not is_working(periods, utc(2026, 7, 1, 10, 30), utc(2026, 7, 1, 11, 30))


def test_it_removes_a_whole_day_of_time_off(salon):
    TimeOff.objects.create(
        business=salon.business,
        team_member=salon.jo,
        starts_at=utc(2026, 6, 29, 23),
        ends_at=utc(2026, 7, 3, 23),
    )
    assert periods_of(salon, salon.jo, WEDNESDAY) == []
    # Other team members and other days are untouched.
    assert periods_of(salon, salon.stylist_member, WEDNESDAY)
    assert periods_of(salon, salon.jo, date(2026, 7, 4))


def test_it_ignores_another_business_records(salon, other):
    # A bogus change in the other business naming our team member's id must not count.
    ScheduleChange.objects.create(
        business=other.business,
        team_member=salon.jo,
        location=other.location,
        date=WEDNESDAY,
    )
    assert periods_of(salon, salon.jo, WEDNESDAY) == [(utc(2026, 7, 1, 8), utc(2026, 7, 1, 17))]


def test_it_keeps_nine_hours_on_the_day_the_clocks_go_forward(salon):
    hours(salon, salon.jo, SPRING_FORWARD, starts=time(9), ends=time(18))
    [(start, end)] = periods_of(salon, salon.jo, SPRING_FORWARD)
    assert (start, end) == (utc(2026, 3, 29, 8), utc(2026, 3, 29, 17))  # already BST
    assert end - start == timedelta(hours=9)
    # The day before (a Saturday, on the fixture's weekly hours) is still GMT.
    [(saturday_start, _)] = periods_of(salon, salon.jo, SPRING_FORWARD - timedelta(days=1))
    assert saturday_start == utc(2026, 3, 28, 9)


def test_it_keeps_nine_hours_on_the_day_the_clocks_go_back(salon):
    hours(salon, salon.jo, FALL_BACK, starts=time(9), ends=time(18))
    [(start, end)] = periods_of(salon, salon.jo, FALL_BACK)
    assert (start, end) == (utc(2026, 10, 25, 9), utc(2026, 10, 25, 18))  # back on GMT
    assert end - start == timedelta(hours=9)


def test_it_measures_an_early_shift_across_the_clock_change_on_instants(salon):
    # 00:00–04:00 local on the day the clocks go back lasts five real hours.
    hours(salon, salon.jo, FALL_BACK, starts=time(0), ends=time(4))
    [(start, end)] = periods_of(salon, salon.jo, FALL_BACK)
    assert end - start == timedelta(hours=5)
