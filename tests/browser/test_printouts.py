"""In a real browser: from the day book, tomorrow's day sheets are one click away, show
the clients and their colour notes, print without the navigation, and save as a PDF."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django.utils import timezone

from salonkeep.accounts.models import OpeningHours
from salonkeep.book.booking import LineRequest, book_appointment
from salonkeep.clients.models import ColourNote
from salonkeep.lib.dates import local_instant
from tests.browser.conftest import log_in
from tests.printouts.helpers import pdf_text

pytestmark = pytest.mark.browser


def book_tomorrow(salon):
    tomorrow = timezone.localtime(timezone.now(), salon.business.tz).date() + timedelta(days=1)
    if tomorrow.weekday() == 6:  # the salon is closed on Sundays
        OpeningHours.objects.create(
            business=salon.business,
            location=salon.location,
            weekday=6,
            opens=time(9),
            closes=time(18),
        )
    ColourNote.objects.create(
        business=salon.business, client=salon.client, formula="Koleston 8/0 with 6%"
    )
    book_appointment(
        business=salon.business,
        location=salon.location,
        client=salon.client,
        lines=[
            LineRequest(
                service=salon.colour,
                team_member=salon.stylist_member,
                starts_at=local_instant(tomorrow, time(10), salon.business.tz),
            )
        ],
        check_schedule=False,
    )
    return tomorrow


def test_it_opens_tomorrow_s_sheets_from_the_book_prints_them_and_saves_a_pdf(
    live_server, salon, page
):
    book_tomorrow(salon)
    log_in(page, live_server, "front_desk")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Tomorrow's sheets").click()
    page.wait_for_load_state("networkidle")
    sheet = page.locator(".day-sheet", has_text="Day sheet: Sam Stylist")
    assert sheet.get_by_text("Alice Archer").first.is_visible()
    assert sheet.get_by_text("Koleston 8/0 with 6%").is_visible()
    assert page.locator(".topbar").is_visible()

    page.emulate_media(media="print")
    assert not page.locator(".topbar").is_visible()
    assert not page.locator(".printout-bar").is_visible()
    assert sheet.get_by_text("Alice Archer").first.is_visible()
    page.emulate_media(media="screen")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Save all as PDF").click()
    download = download_info.value
    assert download.suggested_filename.startswith("rose-thorn-day-sheets-")
    with open(download.path(), "rb") as handle:
        text = pdf_text(handle.read())
    assert "Alice Archer" in text and "Koleston 8/0 with 6%" in text


def test_it_gives_a_stylist_their_own_sheet_on_a_phone(live_server, salon, phone_page):
    book_tomorrow(salon)
    log_in(phone_page, live_server, "stylist")
    phone_page.goto(f"{live_server.url}/")
    phone_page.get_by_role("link", name="My sheet for tomorrow").click()
    phone_page.wait_for_load_state("networkidle")
    assert phone_page.get_by_text("Day sheet: Sam Stylist").is_visible()
    assert phone_page.get_by_text("Alice Archer").first.is_visible()
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1
