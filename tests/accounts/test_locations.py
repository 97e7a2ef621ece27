from datetime import time

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.accounts.models import Location, OpeningHours
from salonkeep.activity.models import ActivityEntry

LIST = reverse("accounts:locations")
NEW = reverse("accounts:location_new")


def week(closed=(6,), opens="09:00", closes="18:00", **overrides):
    """Form data for a week: open every day but ``closed``; day<n> keys override."""
    data = {}
    for weekday in range(7):
        if weekday not in closed:
            data[f"day{weekday}-is_open"] = "on"
        data[f"day{weekday}-opens"] = opens
        data[f"day{weekday}-closes"] = closes
    data.update(overrides)
    return data


def location_data(hours=None, **overrides):
    return {
        "name": "Market Square",
        "address": "2 Market Square\nTownsville",
        "phone": "01632 960123",
        **(week() if hours is None else hours),
        **overrides,
    }


def hours_of(location):
    return {h.weekday: (h.opens, h.closes) for h in OpeningHours.objects.filter(location=location)}


def edit_url(location):
    return reverse("accounts:location_edit", args=[location.pk])


def test_it_lists_the_locations_with_their_hours(as_owner, salon, other):
    response = as_owner.get(LIST)
    assert response.status_code == 200
    text = response.content.decode()
    assert "High Street" in text
    assert "09:00–18:00" in text
    assert "Closed" in text  # Sunday
    assert edit_url(other.location) not in text


def test_it_offers_monday_to_saturday_for_a_new_location(as_manager):
    response = as_manager.get(NEW)
    assert response.status_code == 200
    days = response.context["days"]
    assert [day.initial["is_open"] for day in days] == [True] * 6 + [False]


def test_it_adds_a_location_with_opening_hours(as_manager, salon):
    data = location_data(**{"day2-opens": "10:00", "day2-closes": "20:30"})
    response = as_manager.post(NEW, data)
    assert response.status_code == 302
    assert response.url == LIST
    location = Location.objects.get(name="Market Square")
    assert location.business == salon.business
    assert location.address == "2 Market Square\nTownsville"
    assert location.phone == "01632 960123"
    assert location.position > salon.location.position
    hours = hours_of(location)
    assert sorted(hours) == [0, 1, 2, 3, 4, 5]
    assert hours[2] == (time(10), time(20, 30))
    assert hours[0] == (time(9), time(18))
    entry = ActivityEntry.objects.get(
        model="accounts.location", object_id=str(location.pk), action="created"
    )
    assert entry.actor == salon.manager


def test_it_changes_hours_and_closes_days(as_owner, salon):
    response = as_owner.post(
        edit_url(salon.location),
        location_data(week(closed=(0, 6), opens="08:30"), name="High Street"),
    )
    assert response.status_code == 302
    hours = hours_of(salon.location)
    assert sorted(hours) == [1, 2, 3, 4, 5]
    assert hours[1] == (time(8, 30), time(18))
    logged = ActivityEntry.objects.filter(model="accounts.openinghours", actor=salon.owner)
    assert logged.filter(action="deleted").count() == 1  # Monday closed
    assert logged.filter(action="changed").count() == 5  # new opening time


def test_it_opens_a_closed_day(as_owner, salon):
    as_owner.post(edit_url(salon.location), location_data(week(closed=()), name="High Street"))
    assert hours_of(salon.location)[6] == (time(9), time(18))


def test_it_logs_nothing_for_an_unchanged_save(as_owner, salon):
    location = salon.location
    before = ActivityEntry.objects.count()
    response = as_owner.post(
        edit_url(location),
        {"name": location.name, "address": location.address, "phone": location.phone, **week()},
    )
    assert response.status_code == 302
    assert ActivityEntry.objects.count() == before


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"day1-opens": "18:00", "day1-closes": "09:00"}, "closing must be after opening"),
        ({"day1-opens": "10:00", "day1-closes": "10:00"}, "closing must be after opening"),
        ({"day3-opens": ""}, "Say when you open on Thursday"),
        ({"day4-closes": "half past five"}, "Enter a valid time"),
        ({"name": ""}, "required"),
        ({"name": "  "}, "required"),
        ({"name": "x" * 121}, "at most 120"),
        ({"phone": "1" * 41}, "at most 40"),
        ({"address": "x" * 501}, "at most 500"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(as_owner, salon, overrides, message):
    before_hours = hours_of(salon.location)
    before_entries = ActivityEntry.objects.count()
    response = as_owner.post(
        edit_url(salon.location), location_data(**{"name": "Renamed", **overrides})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Location.objects.get(pk=salon.location.pk).name == "High Street"
    assert hours_of(salon.location) == before_hours
    assert ActivityEntry.objects.count() == before_entries


def test_it_ignores_the_time_boxes_of_a_closed_day(as_owner):
    data = location_data(**{"day6-opens": "nonsense", "day6-closes": ""})
    assert "day6-is_open" not in data
    response = as_owner.post(NEW, data)
    assert response.status_code == 302
    assert 6 not in hours_of(Location.objects.get(name="Market Square"))


def test_it_refuses_a_new_location_with_bad_hours(as_owner):
    response = as_owner.post(NEW, location_data(**{"day0-closes": "08:00"}))
    assert response.status_code == 200
    assert not Location.objects.filter(name="Market Square").exists()


def test_it_shows_another_businesss_location_as_not_found(as_owner, other):
    assert as_owner.get(edit_url(other.location)).status_code == 404
    response = as_owner.post(edit_url(other.location), location_data(name="Hijacked"))
    assert response.status_code == 404
    assert Location.objects.get(pk=other.location.pk).name == "High Street"


def test_it_shows_unknown_locations_as_not_found(as_owner):
    assert as_owner.get("/settings/locations/999999/").status_code == 404


@pytest.mark.parametrize("url_name", ["accounts:locations", "accounts:location_new"])
def test_it_refuses_front_desk_and_stylists(as_front_desk, as_stylist, url_name):
    assert as_front_desk.get(reverse(url_name)).status_code == 403
    assert as_stylist.get(reverse(url_name)).status_code == 403


def test_it_refuses_a_stylist_editing_a_location(as_stylist, salon):
    response = as_stylist.post(edit_url(salon.location), location_data(name="Hijacked"))
    assert response.status_code == 403
    assert Location.objects.get(pk=salon.location.pk).name == "High Street"


def test_it_sends_anonymous_visitors_to_log_in(salon):
    response = HttpClient().get(edit_url(salon.location))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_refuses_other_methods(as_owner, salon):
    assert as_owner.post(LIST).status_code == 405
    assert as_owner.put(NEW).status_code == 405
    assert as_owner.delete(edit_url(salon.location)).status_code == 405
