"""One-off schedule changes: different hours or not working on one date."""

from datetime import date, time

import pytest
from django.urls import reverse

from salonkeep.team.models import ScheduleChange
from tests.conftest import logged_in

DAY = date(2026, 7, 4)


def add_url(member):
    return reverse("team:change_add", args=[member.pk])


def delete_url(change):
    return reverse("team:change_delete", args=[change.team_member_id, change.pk])


def form_data(salon, **changes):
    data = {
        "date": "2026-07-04",
        "location": str(salon.location.pk),
        "starts": "10:00",
        "ends": "14:00",
        "note": "Wedding party",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def changes_of(member):
    return list(
        ScheduleChange.objects.filter(team_member=member).values_list("date", "starts", "ends")
    )


def day_off(salon, member=None):
    return ScheduleChange.objects.create(
        business=salon.business,
        team_member=member or salon.jo,
        location=salon.location,
        date=DAY,
    )


def test_it_adds_different_hours_for_a_date(as_owner, salon):
    response = as_owner.post(add_url(salon.jo), form_data(salon))
    assert response.status_code == 302
    change = ScheduleChange.objects.get(team_member=salon.jo)
    assert (change.date, change.starts, change.ends) == (DAY, time(10), time(14))
    assert change.note == "Wedding party" and change.business == salon.business


def test_it_adds_a_second_shift_on_the_same_date(as_owner, salon):
    as_owner.post(add_url(salon.jo), form_data(salon))
    as_owner.post(add_url(salon.jo), form_data(salon, starts="16:00", ends="19:00"))
    assert len(changes_of(salon.jo)) == 2


def test_it_marks_a_day_off(as_manager, salon):
    as_manager.post(add_url(salon.jo), form_data(salon, not_working="on", starts="", ends=""))
    assert changes_of(salon.jo) == [(DAY, None, None)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"not_working": "on"}, "Leave the times empty"),
        ({"starts": ""}, "Enter the hours worked that day"),
        ({"starts": "14:00", "ends": "10:00"}, "The end must be after the start"),
        ({"ends": "24:30"}, "between 00:00 and 23:59"),
        ({"date": "04/07/2026"}, "Enter a date such as 2026-03-29."),
        ({"date": "0001-01-01"}, "Enter a date between 2000 and 2100."),
        ({"location": "999999"}, "Choose one of this salon&#x27;s locations."),
        ({"note": "n" * 201}, "at most 200 characters"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(as_owner, salon, changes, message):
    response = as_owner.post(add_url(salon.jo), form_data(salon, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert changes_of(salon.jo) == []


def test_it_refuses_overlapping_hours_on_one_date(as_owner, salon):
    as_owner.post(add_url(salon.jo), form_data(salon))
    response = as_owner.post(add_url(salon.jo), form_data(salon, starts="13:00", ends="18:00"))
    assert "these hours overlap 10:00–14:00" in response.content.decode()
    assert len(changes_of(salon.jo)) == 1


def test_it_refuses_hours_on_a_day_off_and_a_day_off_on_hours(as_owner, salon):
    day_off(salon)
    response = as_owner.post(add_url(salon.jo), form_data(salon))
    assert "is marked not working on Sat 04 Jul 2026" in response.content.decode()
    response = as_owner.post(add_url(salon.stylist_member), form_data(salon))
    assert response.status_code == 302
    response = as_owner.post(
        add_url(salon.stylist_member), form_data(salon, not_working="on", starts="", ends="")
    )
    assert "already has a change" in response.content.decode()
    assert len(changes_of(salon.jo)) == 1 and len(changes_of(salon.stylist_member)) == 1


def test_it_refuses_another_business_location(as_owner, salon, other):
    response = as_owner.post(add_url(salon.jo), form_data(salon, location=str(other.location.pk)))
    assert "Choose one of this salon&#x27;s locations." in response.content.decode()
    assert changes_of(salon.jo) == []


def test_it_does_not_change_another_business_member(as_owner, salon, other):
    assert as_owner.post(add_url(other.jo), form_data(other)).status_code == 404
    assert changes_of(other.jo) == []


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_lets_only_managers_add(salon, role):
    member = salon.stylist_member
    response = logged_in(salon.user(role)).post(add_url(member), form_data(salon))
    assert response.status_code == 403
    assert changes_of(member) == []


def test_it_adds_only_by_post(as_owner, salon):
    assert as_owner.get(add_url(salon.jo)).status_code == 405


def test_it_deletes_a_change(as_owner, salon):
    change = day_off(salon)
    assert as_owner.post(delete_url(change)).status_code == 302
    assert changes_of(salon.jo) == []


def test_it_deletes_only_under_the_right_member_and_business(as_owner, salon, other):
    change = day_off(salon)
    wrong = reverse("team:change_delete", args=[salon.stylist_member.pk, change.pk])
    assert as_owner.post(wrong).status_code == 404
    theirs = day_off(other, other.jo)
    assert as_owner.post(delete_url(theirs)).status_code == 404
    assert ScheduleChange.objects.count() == 2


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_lets_only_managers_delete(salon, role):
    change = day_off(salon)
    assert logged_in(salon.user(role)).post(delete_url(change)).status_code == 403
    assert ScheduleChange.objects.filter(pk=change.pk).exists()


def test_it_deletes_only_by_post(as_owner, salon):
    change = day_off(salon)
    assert as_owner.get(delete_url(change)).status_code == 405
    assert ScheduleChange.objects.filter(pk=change.pk).exists()
