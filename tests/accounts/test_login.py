"""Logging in and out, and the login rate limit (5 failures per 15 minutes in tests)."""

from datetime import timedelta

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

LOCKED_OUT = "Too many failed logins"


def attempt(username, password, address="192.0.2.10", http=None):
    http = http or HttpClient()
    response = http.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return http, response


def fail_times(count, username="owner", address="192.0.2.10"):
    for _ in range(count):
        _, response = attempt(username, "wrong password", address)
        assert response.status_code == 200


def test_it_shows_the_login_page(salon):
    response = HttpClient().get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_it_logs_in_and_goes_to_the_book(salon):
    http, response = attempt("owner", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("book:day")
    assert http.get(reverse("accounts:settings")).status_code == 200


def test_it_follows_a_safe_next_link(salon):
    http = HttpClient()
    response = http.post(
        reverse("login") + "?next=/settings/",
        {"username": "owner", "password": PASSWORD, "next": "/settings/"},
    )
    assert response.url == "/settings/"


def test_it_ignores_a_next_link_to_another_site(salon):
    response = HttpClient().post(
        reverse("login"),
        {"username": "owner", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.status_code == 302
    assert "evil.example" not in response.url


def test_it_refuses_a_wrong_password(salon):
    http, response = attempt("owner", "not the password")
    assert response.status_code == 200
    assert b"Please enter a correct username and password" in response.content
    assert "_auth_user_id" not in http.session


def test_it_refuses_an_inactive_login(salon):
    salon.stylist.is_active = False
    salon.stylist.save()
    http, response = attempt("stylist", PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in http.session


def test_it_sends_a_logged_in_user_on_from_the_login_page(as_owner):
    response = as_owner.get(reverse("login"))
    assert response.status_code == 302
    assert response.url == reverse("book:day")


def test_it_refuses_the_sixth_try_even_with_the_right_password(salon):
    fail_times(5)
    http, response = attempt("owner", PASSWORD)
    assert response.status_code == 200
    assert LOCKED_OUT.encode() in response.content
    assert "_auth_user_id" not in http.session


def test_it_allows_the_fifth_try(salon):
    fail_times(4)
    http, response = attempt("owner", PASSWORD)
    assert response.status_code == 302
    assert "_auth_user_id" in http.session


def test_it_counts_per_username_from_any_address(salon):
    for number in range(5):
        attempt("owner", "wrong", address=f"192.0.2.{number + 1}")
    _, response = attempt("owner", PASSWORD, address="198.51.100.7")
    assert LOCKED_OUT.encode() in response.content


def test_it_matches_the_username_ignoring_case(salon):
    fail_times(5, username="OWNER")
    _, response = attempt("owner", PASSWORD, address="198.51.100.7")
    assert LOCKED_OUT.encode() in response.content


def test_it_counts_per_address_across_usernames(salon):
    for username in ["a", "b", "c", "d", "e"]:
        attempt(username, "wrong", address="203.0.113.9")
    _, locked = attempt("manager", PASSWORD, address="203.0.113.9")
    assert LOCKED_OUT.encode() in locked.content
    # The same login from elsewhere is unaffected.
    _, elsewhere = attempt("manager", PASSWORD, address="198.51.100.7")
    assert elsewhere.status_code == 302


def test_it_forgets_failures_after_a_successful_login(salon):
    fail_times(4)
    _, response = attempt("owner", PASSWORD)
    assert response.status_code == 302
    fail_times(4)
    _, response = attempt("owner", PASSWORD)
    assert response.status_code == 302


def test_it_does_not_extend_the_pause_for_refused_tries(salon):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        fail_times(5)
        clock.shift(timedelta(minutes=10))
        _, refused = attempt("owner", "wrong again")
        assert LOCKED_OUT.encode() in refused.content
        clock.shift(timedelta(minutes=5, seconds=1))
        _, response = attempt("owner", PASSWORD)
        assert response.status_code == 302


def test_it_lets_people_in_again_after_fifteen_minutes(salon):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        fail_times(5)
        clock.shift(timedelta(minutes=14))
        _, still_locked = attempt("owner", PASSWORD)
        assert LOCKED_OUT.encode() in still_locked.content
        clock.shift(timedelta(minutes=1, seconds=1))
        _, response = attempt("owner", PASSWORD)
        assert response.status_code == 302


def test_it_logs_out_with_post(as_owner):
    response = as_owner.post(reverse("logout"))
    assert response.status_code == 302
    assert response.url == reverse("login")
    assert as_owner.get(reverse("accounts:settings")).status_code == 302


def test_it_refuses_logout_with_get(as_owner):
    assert as_owner.get(reverse("logout")).status_code == 405
    assert as_owner.get(reverse("accounts:settings")).status_code == 200


@pytest.mark.parametrize("url", ["/settings/", "/activity/"])
def test_it_sends_anonymous_visitors_to_the_login_page(salon, url):
    response = HttpClient().get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login") + "?next=")
