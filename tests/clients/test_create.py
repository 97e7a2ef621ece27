"""Creating a client, including the duplicate warning."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.clients.models import Client
from tests.conftest import logged_in

CREATE = reverse("clients:create")


def details(**overrides):
    data = {
        "first_name": "Bob",
        "last_name": "Baker",
        "phone": "07700 900555",
        "email": "bob@example.com",
        "birthday": "1985-06-15",
        "marketing_consent": "on",
        "notes": "Likes tea",
        "allergies": "PPD",
    }
    data.update(overrides)
    return data


def count(salon):
    return Client.objects.filter(business=salon.business).count()


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk"])
def test_it_creates_a_client(salon, role):
    response = logged_in(salon.user(role)).post(CREATE, details())
    client = Client.objects.get(business=salon.business, first_name="Bob")
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", args=[client.pk])
    assert client.last_name == "Baker"
    assert client.phone_key == "700900555"
    assert client.birthday.isoformat() == "1985-06-15"
    assert client.marketing_consent is True
    assert client.allergies == "PPD"
    assert client.notes == "Likes tea"


def test_it_accepts_british_dates(salon, as_front_desk):
    as_front_desk.post(CREATE, details(birthday="15/06/1985"))
    assert Client.objects.get(first_name="Bob").birthday.isoformat() == "1985-06-15"


def test_it_shows_the_form(salon, as_front_desk):
    response = as_front_desk.get(CREATE, {"first_name": "Carla"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="Carla"' in body
    assert "create_anyway" not in body


def test_it_forbids_stylists(salon, as_stylist):
    assert as_stylist.get(CREATE).status_code == 403
    assert as_stylist.post(CREATE, details()).status_code == 403
    assert not Client.objects.filter(first_name="Bob").exists()


def test_it_sends_anonymous_visitors_to_log_in(salon):
    response = HttpClient().post(CREATE, details())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not Client.objects.filter(first_name="Bob").exists()


def test_it_refuses_other_methods(salon, as_owner):
    assert as_owner.put(CREATE).status_code == 405
    assert as_owner.delete(CREATE).status_code == 405


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("birthday", "2001-02-30", "Enter a real date"),
        ("birthday", "yesterday", "Enter a real date"),
        ("birthday", "2999-01-01", "cannot be in the future"),
        ("birthday", "1850-01-01", "after 1900"),
        ("first_name", "   ", "first name"),
        ("first_name", "x" * 81, "at most 80 characters"),
        ("phone", "call me", "digits, spaces"),
        ("phone", "123", "too short"),
        ("phone", "0" * 41, "at most 40 characters"),
        ("email", "not-an-email", "valid email"),
        ("notes", "x" * 5001, "at most 5000 characters"),
        ("allergies", "x" * 2001, "at most 2000 characters"),
    ],
)
def test_it_refuses_bad_input(salon, as_front_desk, field, value, message):
    before = count(salon)
    response = as_front_desk.post(CREATE, details(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert count(salon) == before


def test_it_warns_about_a_same_phone_client_and_creates_on_second_submit(salon, as_front_desk):
    # Same phone as Alice Archer, different name: a family member sharing a phone, perhaps.
    first = as_front_desk.post(CREATE, details(phone="+44 7700 900123"))
    body = first.content.decode()
    assert first.status_code == 200
    assert "Possible duplicate" in body
    assert reverse("clients:detail", args=[salon.client.pk]) in body
    assert "Alice Archer" in body
    assert not Client.objects.filter(first_name="Bob").exists()
    assert f'name="seen_duplicates" value="{salon.client.pk}"' in body

    second = as_front_desk.post(
        CREATE, details(phone="+44 7700 900123", seen_duplicates=str(salon.client.pk))
    )
    assert second.status_code == 302
    assert Client.objects.filter(first_name="Bob").count() == 1


def test_it_warns_again_when_a_new_duplicate_appears(salon, as_front_desk):
    ann = Client.objects.create(business=salon.business, first_name="Ann", email="bob@example.com")
    response = as_front_desk.post(
        CREATE, details(phone="07700 900123", seen_duplicates=str(salon.client.pk))
    )
    assert response.status_code == 200
    assert reverse("clients:detail", args=[ann.pk]) in response.content.decode()
    assert not Client.objects.filter(first_name="Bob").exists()


def test_it_refuses_a_sure_match_unless_create_anyway(salon, as_front_desk):
    same = details(first_name="alice", last_name="ARCHER", phone="+44 7700 900123", email="")
    first = as_front_desk.post(CREATE, same)
    assert "already on file" in first.content.decode()
    assert "Same name and phone" in first.content.decode()
    # Having seen the warning is not enough for a sure match.
    second = as_front_desk.post(CREATE, {**same, "seen_duplicates": str(salon.client.pk)})
    assert second.status_code == 200
    assert count(salon) == 1

    third = as_front_desk.post(CREATE, {**same, "create_anyway": "on"})
    assert third.status_code == 302
    assert count(salon) == 2


def test_it_ignores_another_business_s_clients_as_duplicates(salon, other, as_front_desk):
    Client.objects.create(business=other.business, first_name="Bob", phone="07700 900555")
    response = as_front_desk.post(CREATE, details())
    assert response.status_code == 302
    assert f"/clients/{other.client.pk}/" not in response.content.decode()


def test_it_survives_a_malformed_seen_list(salon, as_front_desk):
    response = as_front_desk.post(
        CREATE, details(phone="07700 900123", seen_duplicates="x,,-1,99999999999999999999")
    )
    assert response.status_code == 200
    assert not Client.objects.filter(first_name="Bob").exists()
