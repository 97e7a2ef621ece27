"""Logging in with the live system's usernames and passwords, writing nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password
from django.test import Client as HttpClient
from django.utils import timezone

from salonkeep.accounts.models import User
from salonkeep.standby.registry import Standby, install, release, use
from salonkeep.standby.sources import FolderSource
from tests.conftest import PASSWORD
from tests.standby.conftest import publish, snapshot_files, standby_login

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot_user(standby: Standby, username: str) -> User | None:
    served = standby.all()[0]
    try:
        return User.objects.db_manager(use(served)).filter(username=username).first()
    finally:
        release()


def test_it_logs_in_with_the_live_password_and_writes_nothing(standby, salon):
    before = snapshot_files(standby)
    http = standby_login("front_desk")
    page = http.get("/")
    assert page.status_code == 200
    assert "Rose &amp; Thorn" in page.content.decode()
    assert "Log out front_desk" in page.content.decode()
    assert snapshot_files(standby) == before
    assert snapshot_user(standby, "front_desk").last_login is None


def test_it_does_not_upgrade_an_old_password_hash(settings, standby, salon, location):
    # The snapshot holds a hash made with a hasher that is no longer the preferred one:
    # Django's own login would re-hash and save it.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    salon.manager.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    salon.manager.save()
    publish(salon, location)
    standby.refresh(timezone.now())
    before = snapshot_files(standby)
    standby_login("manager")
    assert snapshot_files(standby) == before
    assert snapshot_user(standby, "manager").password.startswith("pbkdf2_sha256$")


@pytest.mark.parametrize(
    ("username", "password"),
    [("owner", "wrong"), ("nobody", PASSWORD), ("", ""), ("owner", "x" * 200)],
)
def test_it_refuses_wrong_logins(standby, salon, username, password):
    http = HttpClient()
    response = http.post("/login/", {"username": username, "password": password})
    assert response.status_code == 200
    assert http.get("/").status_code == 302


def test_it_says_why_a_login_failed(standby, salon):
    response = HttpClient().post("/login/", {"username": "owner", "password": "wrong"})
    assert "do not match" in response.content.decode()


def test_it_refuses_an_inactive_login(standby, salon, location):
    salon.stylist.is_active = False
    salon.stylist.save()
    publish(salon, location)
    standby.refresh(timezone.now())
    response = HttpClient().post("/login/", {"username": "stylist", "password": PASSWORD})
    assert "do not match" in response.content.decode()


def test_it_pauses_logins_after_too_many_failures_in_memory(standby, salon):
    before = snapshot_files(standby)
    http = HttpClient()
    for _ in range(5):
        http.post("/login/", {"username": "owner", "password": "wrong"})
    response = http.post("/login/", {"username": "owner", "password": PASSWORD})
    assert "Too many failed logins" in response.content.decode()
    assert http.get("/").status_code == 302
    assert snapshot_files(standby) == before


def test_a_changed_password_stops_working_at_the_next_snapshot(standby, salon, location):
    http = standby_login("owner")
    salon.owner.set_password("a-new-password-77")
    salon.owner.save()
    assert http.get("/").status_code == 200  # the standby has not seen it yet
    assert publish(salon, location) == "published"
    standby.refresh(timezone.now())
    response = http.get("/")
    assert response.status_code == 302  # the session's password hash no longer matches
    refused = HttpClient().post("/login/", {"username": "owner", "password": PASSWORD})
    assert "do not match" in refused.content.decode()
    standby_login("owner", "a-new-password-77")


def test_a_removed_login_stops_working_at_the_next_snapshot(standby, salon, location):
    User.objects.create_user(
        username="temp", password=PASSWORD, business=salon.business, role="front_desk"
    )
    publish(salon, location)
    standby.refresh(timezone.now())
    http = standby_login("temp")
    assert http.get("/").status_code == 200
    User.objects.get(username="temp").delete()
    publish(salon, location)
    standby.refresh(timezone.now())
    assert http.get("/").status_code == 302
    refused = HttpClient().post("/login/", {"username": "temp", "password": PASSWORD})
    assert "do not match" in refused.content.decode()


def test_it_logs_out(standby, salon):
    http = standby_login("owner")
    assert http.post("/logout/").status_code == 302
    assert http.get("/").status_code == 302


def test_it_goes_back_to_the_page_asked_for_but_never_elsewhere(standby, salon):
    http = HttpClient()
    response = http.post("/login/?next=/services/", {"username": "owner", "password": PASSWORD})
    assert response["Location"] == "/services/"
    response = HttpClient().post(
        "/login/?next=https://evil.example/", {"username": "owner", "password": PASSWORD}
    )
    assert response["Location"] == "/"


def test_it_asks_which_salon_when_a_login_works_for_two(
    as_standby, salon, other, location, tmp_path
):
    publish(salon, location)
    # A location shared by two installations can hold the same username twice.
    salon.owner.username = "renamed"
    salon.owner.save()
    other.owner.username = "owner"
    other.owner.set_password(PASSWORD)
    other.owner.save()
    publish(other, location)
    standby = Standby(FolderSource(location), tmp_path / "work")
    standby.refresh(timezone.now())
    install(standby)
    try:
        http = HttpClient()
        response = http.post("/login/", {"username": "owner", "password": PASSWORD})
        text = response.content.decode()
        assert response.status_code == 200
        assert "more than one salon" in text
        assert "Rose &amp; Thorn" in text and "Other Salon" in text
        response = http.post(
            "/login/", {"username": "owner", "password": PASSWORD, "salon": other.business.slug}
        )
        assert response.status_code == 302
        assert "Other Salon" in http.get("/").content.decode()
    finally:
        install(None)
        standby.close()


def test_it_shows_the_login_page_with_no_snapshot_yet(as_standby, location, tmp_path):
    location.mkdir()
    standby = Standby(FolderSource(location), tmp_path / "work")
    standby.refresh(timezone.now())
    install(standby)
    try:
        page = HttpClient().get("/login/")
        assert page.status_code == 200
        assert "No verified snapshot has been found" in page.content.decode()
    finally:
        install(None)
