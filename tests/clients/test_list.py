"""The client list page (with htmx live search) and the search-results partial."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.book.models import Appointment, Status
from salonkeep.clients.models import Client
from salonkeep.clients.views.listing import PAGE_SIZE
from tests.conftest import logged_in

LIST = reverse("clients:list")
SEARCH = reverse("clients:search")


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_shows_the_list_to_every_role(salon, role):
    response = logged_in(salon.user(role)).get(LIST)
    assert response.status_code == 200
    assert "Archer, Alice" in response.content.decode()
    assert "07700 900123" in response.content.decode()


def test_it_offers_new_client_only_to_bookers(salon, as_front_desk, as_stylist):
    create = reverse("clients:create")
    assert create in as_front_desk.get(LIST).content.decode()
    assert create not in as_stylist.get(LIST).content.decode()


def test_it_sends_anonymous_visitors_to_log_in(salon):
    response = HttpClient().get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_searches_with_a_plain_get(salon, as_front_desk):
    Client.objects.create(business=salon.business, first_name="Bob", last_name="Baker")
    response = as_front_desk.get(LIST, {"q": "bak"})
    body = response.content.decode()
    assert "Baker, Bob" in body
    assert "Archer, Alice" not in body
    assert "<html" in body


def test_it_answers_htmx_with_just_the_results(salon, as_front_desk):
    response = as_front_desk.get(LIST, {"q": "alice"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "Archer, Alice" in body
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]


def test_it_gives_htmx_history_restores_the_whole_page(salon, as_front_desk):
    response = as_front_desk.get(
        LIST, {"q": "alice"}, HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true"
    )
    assert "<html" in response.content.decode()


def test_it_says_when_nothing_matches(salon, as_front_desk):
    response = as_front_desk.get(LIST, {"q": "Zebedee"})
    assert "No client matches “Zebedee”" in response.content.decode()


def test_it_never_lists_another_business_s_clients(salon, other, as_owner):
    body = as_owner.get(LIST).content.decode()
    assert f"/clients/{other.client.pk}/" not in body
    body = as_owner.get(LIST, {"q": "Alice"}).content.decode()
    assert f"/clients/{other.client.pk}/" not in body
    assert f"/clients/{salon.client.pk}/" in body


def test_it_paginates_the_full_list(salon, as_front_desk):
    for number in range(PAGE_SIZE + 5):
        Client.objects.create(
            business=salon.business, first_name="Zed", last_name=f"Zz{number:03d}"
        )
    first = as_front_desk.get(LIST).content.decode()
    assert "Page 1 of 2" in first
    assert "Zz054" not in first
    second = as_front_desk.get(LIST, {"page": "2"}).content.decode()
    assert "Zz054" in second
    assert "Archer, Alice" not in second
    # A malformed or out-of-range page is a page, not an error.
    assert as_front_desk.get(LIST, {"page": "abc"}).status_code == 200
    assert as_front_desk.get(LIST, {"page": "999"}).status_code == 200


@time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False)
def test_it_shows_the_last_visit_not_counting_cancellations_or_the_future(salon, as_front_desk):
    def visit(when, status=Status.COMPLETED):
        Appointment.objects.create(
            business=salon.business,
            location=salon.location,
            client=salon.client,
            status=status,
            starts_at=when,
            ends_at=when,
        )

    visit(datetime(2026, 2, 10, 10, tzinfo=UTC))
    visit(datetime(2026, 3, 1, 10, tzinfo=UTC), Status.CANCELLED)
    visit(datetime(2026, 3, 25, 10, tzinfo=UTC), Status.BOOKED)
    body = as_front_desk.get(LIST).content.decode()
    assert "10 Feb 2026" in body
    assert "1 Mar 2026" not in body
    assert "25 Mar 2026" not in body


def test_it_refuses_post(salon, as_owner):
    assert as_owner.post(LIST).status_code == 405
    assert as_owner.post(SEARCH).status_code == 405


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_gives_search_results_for_the_booking_form(salon, role):
    response = logged_in(salon.user(role)).get(SEARCH, {"q": "07700 900123"})
    assert response.status_code == 200
    body = response.content.decode()
    assert f'data-client-id="{salon.client.pk}"' in body
    assert 'data-client-name="Alice Archer"' in body
    assert "<html" not in body


def test_it_gives_no_search_results_from_another_business(salon, other, as_owner):
    body = as_owner.get(SEARCH, {"q": "Alice"}).content.decode()
    assert f'data-client-id="{other.client.pk}"' not in body
    assert f'data-client-id="{salon.client.pk}"' in body


def test_it_gives_an_empty_search_for_no_query(salon, as_owner):
    body = as_owner.get(SEARCH).content.decode()
    assert "data-client-id" not in body
    assert "No client matches" in as_owner.get(SEARCH, {"q": "Nobody"}).content.decode()


def test_it_sends_anonymous_search_to_log_in(salon):
    assert HttpClient().get(SEARCH, {"q": "Alice"}).status_code == 302
