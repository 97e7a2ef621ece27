"""The weekly working hours editor."""

from datetime import time

import pytest
from django.urls import reverse

from salonkeep.accounts.models import Location
from salonkeep.team.models import WorkingHours
from tests.conftest import logged_in


def url(member):
    return reverse("team:hours", args=[member.pk])


def rows_of(member):
    return list(
        WorkingHours.objects.filter(team_member=member).values_list("weekday", "starts", "ends")
    )


def post_data(member, changes=(), new=(), delete=()):
    """The editor's form as the browser sends it: every existing row, some changed or
    ticked for removal, then the new rows."""
    existing = list(WorkingHours.objects.filter(team_member=member))
    changes = dict(changes)
    data = {
        "hours-INITIAL_FORMS": str(len(existing)),
        "hours-MIN_NUM_FORMS": "0",
        "hours-MAX_NUM_FORMS": "1000",
    }
    index = 0
    for index, row in enumerate(existing):
        values = {
            "id": row.pk,
            "weekday": row.weekday,
            "location": row.location_id,
            "starts": f"{row.starts:%H:%M}",
            "ends": f"{row.ends:%H:%M}",
        }
        values.update(changes.get(row.weekday, {}))
        if row.weekday in delete:
            values["DELETE"] = "on"
        for key, value in values.items():
            data[f"hours-{index}-{key}"] = str(value)
    for offset, values in enumerate(new, start=len(existing)):
        for key, value in values.items():
            data[f"hours-{offset}-{key}"] = str(value)
    data["hours-TOTAL_FORMS"] = str(len(existing) + len(new))
    del index
    return data


def test_it_shows_every_row_and_blank_ones(as_manager, salon):
    response = as_manager.get(url(salon.jo))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="hours-TOTAL_FORMS" value="9"' in text  # six days plus three blank rows
    assert 'value="09:00"' in text and 'value="18:00"' in text


def test_it_saves_a_split_shift_and_a_day_off(as_owner, salon):
    data = post_data(
        salon.jo,
        changes={0: {"ends": "13:00"}},
        new=[{"weekday": 0, "location": salon.location.pk, "starts": "14:00", "ends": "19:30"}],
        delete=[5],
    )
    response = as_owner.post(url(salon.jo), data)
    assert response.status_code == 302
    rows = rows_of(salon.jo)
    assert (0, time(9), time(13)) in rows and (0, time(14), time(19, 30)) in rows
    assert not [row for row in rows if row[0] == 5]
    assert len(rows) == 6
    added = WorkingHours.objects.get(team_member=salon.jo, starts=time(14))
    assert added.business == salon.business and added.location == salon.location


def test_it_ignores_blank_rows(as_owner, salon):
    data = post_data(salon.jo, new=[{"location": salon.location.pk}] * 3)
    assert as_owner.post(url(salon.jo), data).status_code == 302
    assert len(rows_of(salon.jo)) == 6


def test_it_offers_a_location_choice_when_there_are_several(as_owner, salon):
    north = Location.objects.create(business=salon.business, name="North Road", position=1)
    assert "North Road" in as_owner.get(url(salon.jo)).content.decode()
    data = post_data(
        salon.jo, new=[{"weekday": 6, "location": north.pk, "starts": "10:00", "ends": "16:00"}]
    )
    as_owner.post(url(salon.jo), data)
    assert WorkingHours.objects.get(team_member=salon.jo, weekday=6).location == north


@pytest.mark.parametrize(
    ("new", "message"),
    [
        ({"weekday": 6, "starts": "18:00", "ends": "09:00"}, "The end must be after the start"),
        ({"weekday": 6, "starts": "09:00", "ends": "09:00"}, "The end must be after the start"),
        ({"weekday": 6, "starts": "09:00", "ends": "24:00"}, "between 00:00 and 23:59"),
        ({"weekday": 6, "starts": "nine", "ends": "17:00"}, "between 00:00 and 23:59"),
        ({"weekday": 9, "starts": "09:00", "ends": "17:00"}, "Choose a day of the week."),
        ({"weekday": "", "starts": "09:00", "ends": "17:00"}, "This field is required."),
        (
            {"weekday": 0, "starts": "17:00", "ends": "20:00"},
            "Monday: 09:00–18:00 overlaps 17:00–20:00.",
        ),
        (
            {"weekday": 6, "location": "999999", "starts": "09:00", "ends": "17:00"},
            "Choose one of this salon&#x27;s locations.",
        ),
    ],
)
def test_it_refuses_bad_rows_and_saves_nothing(as_owner, salon, new, message):
    before = rows_of(salon.jo)
    row = {"location": salon.location.pk, **new}
    data = post_data(salon.jo, changes={1: {"ends": "12:00"}}, new=[row])
    response = as_owner.post(url(salon.jo), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert rows_of(salon.jo) == before


def test_it_refuses_another_business_location(as_owner, salon, other):
    data = post_data(
        salon.jo,
        new=[{"weekday": 6, "location": other.location.pk, "starts": "09:00", "ends": "17:00"}],
    )
    response = as_owner.post(url(salon.jo), data)
    assert "Choose one of this salon&#x27;s locations." in response.content.decode()
    assert len(rows_of(salon.jo)) == 6


def test_it_refuses_rows_of_another_team_member(as_owner, salon):
    data = post_data(salon.jo, changes={0: {"ends": "12:00"}})
    data["hours-0-id"] = str(WorkingHours.objects.filter(team_member=salon.stylist_member)[0].pk)
    response = as_owner.post(url(salon.jo), data)
    assert response.status_code == 200
    assert "That shift no longer exists" in response.content.decode()
    assert rows_of(salon.stylist_member)[0] == (0, time(9), time(18))
    assert rows_of(salon.jo)[0] == (0, time(9), time(18))


def test_it_survives_a_missing_management_form(as_owner, salon):
    response = as_owner.post(url(salon.jo), {"hours-0-weekday": "1"})
    assert response.status_code == 200
    assert "ManagementForm data is missing" in response.content.decode()
    assert len(rows_of(salon.jo)) == 6


def test_it_does_not_edit_another_business_hours(as_owner, other):
    assert as_owner.get(url(other.jo)).status_code == 404
    assert as_owner.post(url(other.jo), post_data(other.jo, delete=[0])).status_code == 404
    assert len(rows_of(other.jo)) == 6


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_lets_only_managers_change_hours(salon, role):
    http = logged_in(salon.user(role))
    assert http.get(url(salon.stylist_member)).status_code == 403
    data = post_data(salon.stylist_member, delete=[0])
    assert http.post(url(salon.stylist_member), data).status_code == 403
    assert len(rows_of(salon.stylist_member)) == 6


def test_it_sends_anonymous_visitors_to_login(client, salon):
    assert client.get(url(salon.jo)).status_code == 302


def test_it_refuses_other_methods(as_owner, salon):
    assert as_owner.put(url(salon.jo)).status_code == 405
