"""search_clients: the fast lookup used by the client list and the booking form."""

from __future__ import annotations

import pytest

from salonkeep.clients.models import Client
from salonkeep.clients.search import search_clients


@pytest.fixture
def people(salon):
    business = salon.business
    return {
        "bea": Client.objects.create(
            business=business,
            first_name="Beatrice",
            last_name="Stone",
            phone="+44 7700 900456",
            email="bea@example.com",
        ),
        "ben": Client.objects.create(
            business=business, first_name="Ben", last_name="Stoneham", phone="(01632) 960-001"
        ),
        "mary": Client.objects.create(
            business=business, first_name="Mary Ann", last_name="Smith", phone="07700 900789"
        ),
    }


def names(clients):
    return [client.full_name for client in clients]


def test_it_finds_by_first_name(salon, people):
    assert names(search_clients(salon.business, "Alice")) == ["Alice Archer"]


def test_it_finds_by_start_of_last_name(salon, people):
    assert names(search_clients(salon.business, "Ston")) == ["Beatrice Stone", "Ben Stoneham"]


def test_it_finds_first_and_last_name_together(salon, people):
    assert names(search_clients(salon.business, "Ben Stone")) == ["Ben Stoneham"]
    assert names(search_clients(salon.business, "alice arch")) == ["Alice Archer"]


def test_it_finds_a_two_word_first_name(salon, people):
    assert names(search_clients(salon.business, "Mary Ann Smi")) == ["Mary Ann Smith"]


def test_it_finds_last_comma_first(salon, people):
    assert names(search_clients(salon.business, "Stone, Bea")) == ["Beatrice Stone"]


def test_it_ignores_case_and_extra_spaces(salon, people):
    assert names(search_clients(salon.business, "  ALICE   archer ")) == ["Alice Archer"]
    assert names(search_clients(salon.business, "bEaTrIcE")) == ["Beatrice Stone"]


def test_it_finds_a_national_number_stored_in_international_format(salon, people):
    assert names(search_clients(salon.business, "07700 900456")) == ["Beatrice Stone"]


def test_it_finds_an_international_number_stored_in_national_format(salon, people):
    # Alice's number is stored as "07700 900123".
    assert names(search_clients(salon.business, "+44 7700 900123")) == ["Alice Archer"]
    assert names(search_clients(salon.business, "+447700900123")) == ["Alice Archer"]


def test_it_finds_part_of_a_number_whatever_the_separators(salon, people):
    assert names(search_clients(salon.business, "960001")) == ["Ben Stoneham"]
    assert names(search_clients(salon.business, "01632 960")) == ["Ben Stoneham"]
    assert names(search_clients(salon.business, "07700 9007")) == ["Mary Ann Smith"]
    # A number still being typed: ten digits, but not yet the whole number.
    assert names(search_clients(salon.business, "07700 90078")) == ["Mary Ann Smith"]


def test_it_finds_by_start_of_email(salon, people):
    assert names(search_clients(salon.business, "BEA@example")) == ["Beatrice Stone"]


def test_it_never_returns_another_business_s_clients(salon, other, people):
    Client.objects.create(
        business=other.business, first_name="Beatrice", last_name="Stone", phone="07700 900456"
    )
    for query in ("Beatrice", "Stone", "07700 900456", "Alice", "+44 7700 900123"):
        found = search_clients(salon.business, query)
        assert found, query
        assert all(client.business_id == salon.business.pk for client in found), query


def test_it_returns_nothing_for_an_empty_or_unmatched_query(salon, people):
    assert search_clients(salon.business, "   ") == []
    assert search_clients(salon.business, "Zebedee") == []
    assert search_clients(salon.business, "12") == []


def test_it_respects_the_limit(salon):
    for number in range(5):
        Client.objects.create(business=salon.business, first_name="Sam", last_name=f"Lee {number}")
    assert len(search_clients(salon.business, "Sam", limit=3)) == 3


def test_it_survives_odd_input(salon, people):
    for query in ("%", "_", "'; drop table", "a" * 5000, "+", "()", "@"):
        assert isinstance(search_clients(salon.business, query), list)
