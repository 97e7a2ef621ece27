"""Recording patch tests and their results; the six-month validity rule."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.clients.models import Client, PatchTest, PatchTestResult
from tests.conftest import logged_in

NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def add_url(client):
    return reverse("clients:add_patch_test", args=[client.pk])


def result_url(test):
    return reverse("clients:patch_test_result", args=[test.client_id, test.pk])


def make_test(client, result=PatchTestResult.PENDING, tested_on=date(2026, 6, 10)):
    return PatchTest.objects.create(
        business=client.business, client=client, tested_on=tested_on, result=result
    )


# The validity rule itself: passed, from the day of the test to six months (183 days) on.


def test_it_is_valid_from_the_test_day_to_the_last_day():
    test = PatchTest(tested_on=date(2026, 1, 1), result=PatchTestResult.PASSED)
    assert test.valid_until == date(2026, 7, 3)
    assert test.is_valid_on(date(2026, 1, 1))
    assert test.is_valid_on(date(2026, 7, 3))
    assert not test.is_valid_on(date(2026, 7, 4))
    assert not test.is_valid_on(date(2025, 12, 31))


@pytest.mark.parametrize("result", [PatchTestResult.PENDING, PatchTestResult.FAILED])
def test_it_is_never_valid_unless_passed(result):
    test = PatchTest(tested_on=date(2026, 1, 1), result=result)
    assert not test.is_valid_on(date(2026, 1, 2))


# Adding a patch test.


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_records_a_patch_test(salon, role):
    user = salon.user(role)
    response = logged_in(user).post(
        add_url(salon.client),
        {
            "tested_on": "2026-06-14",
            "product": "Majirel 6.0",
            "result": "pending",
            "notes": "left ear",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", args=[salon.client.pk])
    test = PatchTest.objects.get(client=salon.client)
    assert test.tested_on == date(2026, 6, 14)
    assert test.product == "Majirel 6.0"
    assert test.result == PatchTestResult.PENDING
    assert test.recorded_by == user
    assert test.business == salon.business


def test_it_shows_the_form(salon, as_stylist):
    response = as_stylist.get(add_url(salon.client))
    assert response.status_code == 200
    assert 'name="tested_on"' in response.content.decode()


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"tested_on": "2026-02-30"}, "Enter a real date"),
        ({"tested_on": ""}, "Enter the day the test was done"),
        ({"tested_on": "2026-06-16"}, "cannot be recorded for a future date"),
        ({"product": "x" * 121}, "at most 120 characters"),
        ({"notes": "x" * 501}, "at most 500 characters"),
        ({"result": "maybe"}, "Select a valid choice"),
    ],
)
def test_it_refuses_bad_input(salon, data, message):
    form = {"tested_on": "2026-06-14", "product": "", "result": "passed", "notes": ""}
    response = logged_in(salon.stylist).post(add_url(salon.client), {**form, **data})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not PatchTest.objects.exists()


def test_it_sends_anonymous_visitors_to_log_in(salon):
    response = HttpClient().post(add_url(salon.client), {"tested_on": "2026-01-01"})
    assert response.status_code == 302
    assert not PatchTest.objects.exists()


def test_it_hides_another_business_s_client(salon, other, as_owner):
    response = as_owner.post(add_url(other.client), {"tested_on": "2026-01-01", "result": "passed"})
    assert response.status_code == 404
    assert not PatchTest.objects.exists()


def test_it_refuses_other_methods_when_adding(salon, as_owner):
    assert as_owner.put(add_url(salon.client)).status_code == 405


# Setting the result.


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_sets_the_result(salon, role):
    test = make_test(salon.client)
    response = logged_in(salon.user(role)).post(result_url(test), {"result": "passed"})
    assert response.status_code == 302
    test.refresh_from_db()
    assert test.result == PatchTestResult.PASSED


def test_it_refuses_an_unknown_result(salon, as_stylist):
    test = make_test(salon.client)
    response = as_stylist.post(result_url(test), {"result": "fine"}, follow=True)
    assert "The result was not changed" in response.content.decode()
    test.refresh_from_db()
    assert test.result == PatchTestResult.PENDING


def test_it_hides_another_business_s_patch_test(salon, other, as_owner):
    test = make_test(other.client)
    url = reverse("clients:patch_test_result", args=[salon.client.pk, test.pk])
    assert as_owner.post(url, {"result": "passed"}).status_code == 404
    assert as_owner.post(result_url(test), {"result": "passed"}).status_code == 404
    test.refresh_from_db()
    assert test.result == PatchTestResult.PENDING


def test_it_hides_a_test_under_the_wrong_client(salon, as_owner):
    bob = Client.objects.create(business=salon.business, first_name="Bob")
    test = make_test(bob)
    url = reverse("clients:patch_test_result", args=[salon.client.pk, test.pk])
    assert as_owner.post(url, {"result": "passed"}).status_code == 404


def test_it_refuses_get_for_the_result(salon, as_owner):
    assert as_owner.get(result_url(make_test(salon.client))).status_code == 405


def test_it_sends_anonymous_result_changes_to_log_in(salon):
    test = make_test(salon.client)
    assert HttpClient().post(result_url(test), {"result": "passed"}).status_code == 302
    test.refresh_from_db()
    assert test.result == PatchTestResult.PENDING
