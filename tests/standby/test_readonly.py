"""Read-only by construction: every URL and every changing method gets the refusal page,
and nothing is written anywhere."""

from __future__ import annotations

import sqlite3

import pytest
from django.core import mail
from django.test import Client as HttpClient

from salonkeep.standby import settings as standby_settings
from salonkeep.standby.mail import MailRefused
from salonkeep.standby.registry import read_only_database
from tests.standby.conftest import snapshot_files, standby_login

pytestmark = pytest.mark.django_db(transaction=True)

REFUSAL = "Changes here are not kept — make them in the live system when it is back."
CHANGING = ("post", "put", "patch", "delete")


def standby_urls(salon) -> list[str]:
    urls = [
        "/",
        "/?date=2026-11-24",
        "/clients/",
        f"/clients/{salon.client.pk}/",
        "/services/",
        "/status/",
        f"/status/{salon.business.slug}/",
        "/login/",
        "/logout/",
        "/print/appointments/",
        "/print/appointments.pdf",
        "/print/day-sheets/",
        "/print/day-sheets.pdf",
        f"/print/day-sheets/{salon.jo.pk}/",
        f"/print/day-sheets/{salon.jo.pk}.pdf",
        "/print/outage-pack/",
        "/print/outage-pack/write/",
    ]
    return urls


UNKNOWN = ["/admin/", "/book/new/", "/clients/1/edit/", "/settings/logins/", "/nowhere"]


@pytest.mark.parametrize("logged_in", [True, False])
def test_it_refuses_every_change_on_every_url(standby, salon, logged_in):
    before = snapshot_files(standby)
    http = standby_login("owner") if logged_in else HttpClient()
    for url in standby_urls(salon):
        for method in CHANGING:
            if method == "post" and url.rstrip("/") in ("/login", "/logout"):
                continue  # logging in and out write nothing; see test_login.py
            response = getattr(http, method)(url, {"first_name": "Mallory"})
            assert response.status_code == 403, (method, url)
            assert REFUSAL in response.content.decode(), (method, url)
    for url in UNKNOWN:
        for method in CHANGING:
            response = getattr(http, method)(url, {"first_name": "Mallory"})
            assert response.status_code == 405, (method, url)
            assert response["Allow"] == "GET, HEAD"
            assert REFUSAL in response.content.decode()
    assert snapshot_files(standby) == before


def test_it_refuses_other_methods_too(standby, salon):
    http = standby_login("owner")
    response = http.generic("OPTIONS", "/")
    assert response.status_code == 403
    assert REFUSAL in response.content.decode()
    assert http.head("/").status_code == 200


def test_it_has_no_pages_of_the_live_system(standby, salon):
    http = standby_login("owner")
    for url in ("/settings/", "/backups/", "/activity/", "/team/", "/setup/"):
        assert http.get(url).status_code == 404


def test_it_cannot_write_to_the_snapshot_even_if_asked(standby, salon):
    served = standby.all()[0]
    settings = read_only_database(served.folder / "data.sqlite3")
    assert "mode=ro" in settings["NAME"]
    database = sqlite3.connect(settings["NAME"], uri=True)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        database.execute("UPDATE clients_client SET first_name = 'Mallory'")
    database.close()


def test_it_sends_no_email(settings):
    settings.EMAIL_BACKEND = standby_settings.EMAIL_BACKEND
    with pytest.raises(MailRefused):
        mail.send_mail("Hi", "Body", "a@example.com", ["b@example.com"])


def test_it_has_no_live_database():
    assert standby_settings.DATABASES == {"default": {"ENGINE": "django.db.backends.dummy"}}
    assert standby_settings.SESSION_ENGINE == "django.contrib.sessions.backends.signed_cookies"
    from django.conf import settings as live

    assert standby_settings.SECRET_KEY != live.SECRET_KEY
