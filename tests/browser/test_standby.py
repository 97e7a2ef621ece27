"""The outage drill: the live system books, publishes a standby snapshot, stops; the
standby (a separate `salonkeep standby` process) logs in with the same password, shows
the book and prints a day sheet."""

from __future__ import annotations

import urllib.request

import pytest
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from salonkeep.continuity.models import BackupSettings
from salonkeep.standby.publishing import PublishSchedule
from tests.browser.conftest import log_in
from tests.conftest import PASSWORD
from tests.processes import free_port, start_standby

pytestmark = pytest.mark.browser


def test_the_standby_shows_what_the_live_system_booked(
    live_server, salon, page, tmp_path, settings
):
    # The test suite hashes passwords with MD5 for speed; the standby process runs with
    # the real settings, as the live system does in a salon. Give the login it will use
    # a hash of the real kind.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    salon.front_desk.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    salon.front_desk.save()
    location = tmp_path / "share"
    BackupSettings.objects.update_or_create(
        business=salon.business, defaults={"location": str(location)}
    )
    day = timezone.localdate() + timezone.timedelta(days=1)
    # The live system of this test: a web server of its own (the live_server fixture
    # lives for the whole test session), stopped once the snapshot is published.
    live = LiveServer("localhost")
    try:
        log_in(page, live, "owner")
        page.goto(f"{live.url}/appointments/new/?date={day:%Y-%m-%d}&time=14:00")
        page.fill("[name='client_query']", "arch")
        page.click("text=Alice Archer")
        page.select_option("[name='lines-0-service']", str(salon.cut.pk))
        page.select_option("[name='lines-0-team_member']", str(salon.jo.pk))
        page.fill("[name='notes']", "Bring the photo of last time")
        page.click("button.primary:has-text('Book appointment')")
        page.wait_for_load_state("networkidle")
        # The background job publishes the standby snapshot.
        assert PublishSchedule().run(timezone.now()) == {salon.business.slug: "published"}
    finally:
        live.stop()
    # The live system is gone.
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{live.url}/login/", timeout=2)
    # The standby is given only the shared folder and a data folder of its own, and has
    # no database setting at all.
    port = free_port()
    standby = start_standby(location, tmp_path / "standby-home", port, "--check-seconds", "1")
    try:
        url = f"http://127.0.0.1:{port}"
        page.context.clear_cookies()
        page.goto(f"{url}/")
        page.fill("input[name=username]", "front_desk")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.goto(f"{url}/?date={day:%Y-%m-%d}")
        assert page.locator("text=Read-only backup book.").is_visible()
        assert page.locator(".standby-freshness").inner_text().startswith("Book as of")
        assert page.locator(".standby-visit:has-text('Alice Archer')").is_visible()
        assert page.locator("text=Bring the photo of last time").is_visible()
        # A day sheet to print, from the book.
        page.click("text=Day sheets")
        page.wait_for_load_state("networkidle")
        assert page.locator("text=Day sheet: Jo Junior").is_visible()
        assert page.locator("text=Alice Archer").first.is_visible()
        pdf = page.request.get(f"{url}/print/day-sheets/{salon.jo.pk}.pdf?date={day:%Y-%m-%d}")
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
        # Any change is refused with the clear page.
        refused = page.request.post(f"{url}/clients/{salon.client.pk}/", form={"x": "1"})
        assert refused.status == 403
        assert "Changes here are not kept" in refused.text()
    finally:
        standby.terminate()
        standby.wait(10)
