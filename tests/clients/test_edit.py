"""Editing a client's contact details."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.clients.models import Client
from tests.conftest import logged_in


def edit_url(client):
    return reverse("clients:edit", args=[client.pk])


def details(**overrides):
    data = {
        "first_name": "Alice",
        "last_name": "Archer-Smith",
        "phone": "+44 7700 900999",
        "email": "alice@example.com",
        "birthday": "",
        "notes": "",
        "allergies": "Latex",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk"])
def test_it_saves_changes(salon, role):
    response = logged_in(salon.user(role)).post(edit_url(salon.client), details())
    assert response.status_code == 302
    salon.client.refresh_from_db()
    assert salon.client.last_name == "Archer-Smith"
    assert salon.client.phone_key == "700900999"
    assert salon.client.allergies == "Latex"
    assert salon.client.marketing_consent is False


def test_it_shows_the_form_filled_in(salon, as_front_desk):
    body = as_front_desk.get(edit_url(salon.client)).content.decode()
    assert 'value="07700 900123"' in body
    assert 'value="Archer"' in body


def test_it_forbids_stylists(salon, as_stylist):
    assert as_stylist.get(edit_url(salon.client)).status_code == 403
    assert as_stylist.post(edit_url(salon.client), details()).status_code == 403
    salon.client.refresh_from_db()
    assert salon.client.last_name == "Archer"


def test_it_sends_anonymous_visitors_to_log_in(salon):
    assert HttpClient().get(edit_url(salon.client)).status_code == 302


def test_it_hides_another_business_s_client(salon, other, as_owner):
    assert as_owner.get(edit_url(other.client)).status_code == 404
    assert as_owner.post(edit_url(other.client), details()).status_code == 404
    other.client.refresh_from_db()
    assert other.client.last_name == "Archer"


def test_it_404s_for_an_unknown_or_huge_id(salon, as_owner):
    assert as_owner.get("/clients/999999/edit/").status_code == 404
    assert as_owner.get("/clients/99999999999999999999999/edit/").status_code == 404
    assert as_owner.get("/clients/abc/edit/").status_code == 404


def test_it_refuses_bad_input(salon, as_owner):
    response = as_owner.post(edit_url(salon.client), details(birthday="31/02/1990", phone="abc"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a real date" in body
    assert "digits, spaces" in body
    salon.client.refresh_from_db()
    assert salon.client.last_name == "Archer"


def test_it_refuses_other_methods(salon, as_owner):
    assert as_owner.delete(edit_url(salon.client)).status_code == 405
    assert Client.objects.filter(pk=salon.client.pk).exists()
