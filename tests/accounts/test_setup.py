"""The first visit to a fresh installation: create the salon and its owner."""

from datetime import time

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.accounts.models import Business, Location, OpeningHours, Role, User
from salonkeep.activity.models import ActivityEntry
from salonkeep.team.models import TeamMember

GOOD = {
    "business_name": "Cut Above",
    "currency": "EUR",
    "time_zone": "Europe/Dublin",
    "location_name": "Grafton Street",
    "owner_name": "Niamh Byrne",
    "username": "niamh",
    "password": "a-long-enough-secret-7",
    "password_again": "a-long-enough-secret-7",
}


def nothing_saved():
    return not (
        Business.objects.exists()
        or User.objects.exists()
        or Location.objects.exists()
        or ActivityEntry.objects.exists()
    )


@pytest.mark.parametrize("url", ["/", "/login/", "/settings/", "/activity/", "/clients/"])
def test_it_sends_every_page_of_a_fresh_installation_to_setup(db, url):
    response = HttpClient().get(url)
    assert response.status_code == 302
    assert response.url == reverse("setup")


def test_it_still_answers_the_health_check_before_setup(db):
    response = HttpClient().get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"


def test_it_shows_the_setup_form(db):
    response = HttpClient().get(reverse("setup"))
    assert response.status_code == 200
    assert b"Create my salon" in response.content


def test_it_creates_the_salon_its_location_and_owner(db):
    http = HttpClient()
    response = http.post(reverse("setup"), GOOD)
    assert response.status_code == 302
    assert response.url == reverse("book:day")

    business = Business.objects.get()
    assert (business.name, business.currency, business.time_zone) == (
        "Cut Above",
        "EUR",
        "Europe/Dublin",
    )
    assert business.slug == "cut-above"
    location = Location.objects.get(business=business)
    assert location.name == "Grafton Street"
    hours = list(OpeningHours.objects.filter(location=location).order_by("weekday"))
    assert [h.weekday for h in hours] == [0, 1, 2, 3, 4, 5]  # closed on Sunday
    assert all((h.opens, h.closes) == (time(9), time(18)) for h in hours)

    owner = User.objects.get(username="niamh")
    assert owner.business == business and owner.role == Role.OWNER
    assert (owner.first_name, owner.last_name) == ("Niamh", "Byrne")
    assert owner.check_password("a-long-enough-secret-7")
    member = TeamMember.objects.get(user=owner)
    assert member.business == business and member.name == "Niamh Byrne"
    # The new owner is logged in straight away.
    assert http.session["_auth_user_id"] == str(owner.pk)


def test_it_logs_the_setup_in_the_activity_log(db):
    HttpClient().post(reverse("setup"), GOOD)
    entries = ActivityEntry.objects.filter(business=Business.objects.get())
    assert entries.filter(model="accounts.business", action="created").exists()
    assert set(entries.values_list("actor_name", flat=True)) == {"setup"}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"password_again": "something-else-entirely"}, "password_again", "differ"),
        ({"password": "12345678", "password_again": "12345678"}, "password", "too common"),
        ({"password": "short", "password_again": "short"}, "password", "too short"),
        ({"time_zone": "Mars/Olympus"}, "time_zone", "not a time zone"),
        ({"currency": "XXX"}, "currency", "valid choice"),
        ({"business_name": "!!!"}, "business_name", "at least one letter"),
        ({"business_name": "x" * 121}, "business_name", "at most 120"),
        ({"username": "bad name!"}, "username", "valid username"),
        ({"username": ""}, "username", "required"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(db, change, field, message):
    response = HttpClient().post(reverse("setup"), {**GOOD, **change})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert nothing_saved()


def test_it_refuses_a_username_taken_by_a_login_without_salon(db):
    User.objects.create_user(username="Niamh", password="x")  # e.g. a createsuperuser login
    response = HttpClient().post(reverse("setup"), GOOD)
    assert response.status_code == 200
    assert "taken" in " ".join(response.context["form"].errors["username"])
    assert not Business.objects.exists()


def test_it_sends_setup_to_the_login_page_once_a_salon_exists(salon):
    http = HttpClient()
    assert http.get(reverse("setup")).url == reverse("login")
    response = http.post(reverse("setup"), {**GOOD, "username": "intruder"})
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert Business.objects.count() == 1
    assert not User.objects.filter(username="intruder").exists()


def test_it_refuses_other_methods_on_setup(db):
    assert HttpClient().put(reverse("setup")).status_code == 405
