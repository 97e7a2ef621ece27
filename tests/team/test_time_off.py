"""Adding and deleting time off, entered in local time and stored in UTC."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from salonkeep.activity.models import ActivityEntry
from salonkeep.team.models import TimeOff
from tests.conftest import logged_in


def add_url(member):
    return reverse("team:time_off_add", args=[member.pk])


def delete_url(record):
    return reverse("team:time_off_delete", args=[record.team_member_id, record.pk])


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def form_data(**changes):
    data = {
        "start_date": "2026-07-01",
        "start_time": "09:00",
        "end_date": "2026-07-01",
        "end_time": "13:00",
        "reason": "Dentist",
    }
    data.update(changes)
    return data


@pytest.fixture
def holiday(salon):
    return TimeOff.objects.create(
        business=salon.business,
        team_member=salon.jo,
        reason="Holiday",
        starts_at=utc(2026, 8, 1),
        ends_at=utc(2026, 8, 8),
    )


def test_it_stores_local_times_as_utc(as_owner, salon):
    response = as_owner.post(add_url(salon.jo), form_data())
    assert response.status_code == 302
    record = TimeOff.objects.get(team_member=salon.jo)
    # July in London is BST (UTC+1).
    assert (record.starts_at, record.ends_at) == (utc(2026, 7, 1, 8), utc(2026, 7, 1, 12))
    assert record.reason == "Dentist" and record.business == salon.business


def test_it_takes_whole_days_when_times_are_empty(as_manager, salon):
    as_manager.post(
        add_url(salon.jo),
        form_data(start_date="2026-10-24", start_time="", end_date="2026-10-26", end_time=""),
    )
    record = TimeOff.objects.get(team_member=salon.jo)
    # From local midnight on the 24th (BST) to local midnight after the 26th (GMT).
    assert (record.starts_at, record.ends_at) == (utc(2026, 10, 23, 23), utc(2026, 10, 27, 0))


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_time": "08:00"}, "The time off must end after it starts."),
        ({"end_date": "2026-06-30"}, "The time off must end after it starts."),
        ({"start_date": "2026-13-45"}, "Enter a date such as 2026-03-29."),
        ({"start_date": "1899-01-01"}, "Enter a date between 2000 and 2100."),
        ({"end_date": "9999-12-31"}, "Enter a date between 2000 and 2100."),
        ({"start_time": "25:00"}, "between 00:00 and 23:59"),
        ({"end_date": "2027-07-03"}, "Time off can be at most a year"),
        ({"reason": "r" * 201}, "at most 200 characters"),
        ({"start_date": ""}, "This field is required."),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(as_owner, salon, changes, message):
    response = as_owner.post(add_url(salon.jo), form_data(**changes))
    assert response.status_code == 200
    text = response.content.decode()
    assert message in text
    assert '<details class="team-add" open>' in text  # the form stays open with its errors
    assert not TimeOff.objects.exists()


def test_it_does_not_add_time_off_to_another_business_member(as_owner, other):
    assert as_owner.post(add_url(other.jo), form_data()).status_code == 404
    assert not TimeOff.objects.exists()


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_lets_only_managers_add(salon, role):
    member = salon.stylist_member
    assert logged_in(salon.user(role)).post(add_url(member), form_data()).status_code == 403
    assert not TimeOff.objects.exists()


def test_it_sends_anonymous_visitors_to_login(client, salon):
    assert client.post(add_url(salon.jo), form_data()).status_code == 302
    assert not TimeOff.objects.exists()


def test_it_adds_only_by_post(as_owner, salon):
    assert as_owner.get(add_url(salon.jo)).status_code == 405


def test_it_deletes_time_off_and_logs_it(as_owner, salon, holiday):
    response = as_owner.post(delete_url(holiday))
    assert response.status_code == 302
    assert not TimeOff.objects.filter(pk=holiday.pk).exists()
    entry = ActivityEntry.objects.get(model="team.timeoff", action="deleted")
    assert entry.actor == salon.owner and entry.object_id == str(holiday.pk)


def test_it_deletes_only_under_the_right_member(as_owner, salon, holiday):
    wrong = reverse("team:time_off_delete", args=[salon.stylist_member.pk, holiday.pk])
    assert as_owner.post(wrong).status_code == 404
    assert TimeOff.objects.filter(pk=holiday.pk).exists()


def test_it_does_not_delete_another_business_time_off(as_owner, other):
    record = TimeOff.objects.create(
        business=other.business,
        team_member=other.jo,
        starts_at=utc(2026, 8, 1),
        ends_at=utc(2026, 8, 2),
    )
    assert as_owner.post(delete_url(record)).status_code == 404
    assert TimeOff.objects.filter(pk=record.pk).exists()


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_lets_only_managers_delete(salon, holiday, role):
    assert logged_in(salon.user(role)).post(delete_url(holiday)).status_code == 403
    assert TimeOff.objects.filter(pk=holiday.pk).exists()


def test_it_deletes_only_by_post(as_owner, holiday):
    assert as_owner.get(delete_url(holiday)).status_code == 405
    assert TimeOff.objects.filter(pk=holiday.pk).exists()
