"""In a real browser: the owner adds a location with its opening hours and a stylist
login; the stylist logs in and sees no Settings or Activity; the activity log shows
what the owner did."""

from __future__ import annotations

from datetime import time

import pytest

from salonkeep.accounts.models import Location, OpeningHours, Role, User
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser

STYLIST_PASSWORD = "plum-velvet-scissors-9"


def log_out(page):
    page.click("button:has-text('Log out')")
    page.wait_for_url("**/login/")


def add_location(page):
    page.click("nav.mainnav >> text=Settings")
    page.click("a.settings-link:has-text('Locations')")
    page.click("text=Add a location")
    page.fill("input[name=name]", "Riverside")
    page.fill("textarea[name=address]", "1 River Walk\nTownsville")
    page.fill("input[name=phone]", "01632 960777")
    page.uncheck("input[name=day0-is_open]")  # closed on Mondays
    page.check("input[name=day6-is_open]")  # open on Sundays
    page.fill("input[name=day6-opens]", "10:00")
    page.fill("input[name=day6-closes]", "16:00")
    # A mistake first: Saturday closing before opening is refused with a message.
    page.fill("input[name=day5-closes]", "08:00")
    page.click("button:has-text('Save location')")
    page.wait_for_selector("text=On Saturday closing must be after opening.")
    page.fill("input[name=day5-closes]", "17:00")
    page.click("button:has-text('Save location')")
    page.wait_for_selector(".message:has-text('Added Riverside')")


def add_stylist_login(page):
    page.click("nav.mainnav >> text=Settings")
    page.click("a.settings-link:has-text('Staff logins')")
    page.click("text=Add a login")
    page.fill("input[name=username]", "river_stylist")
    page.fill("input[name=name]", "Rhea River")
    page.select_option("select[name=role]", Role.STYLIST.value)
    page.fill("input[name=password]", STYLIST_PASSWORD)
    page.fill("input[name=password_again]", STYLIST_PASSWORD)
    page.click("button:has-text('Add login')")
    page.wait_for_selector(".message:has-text('river_stylist')")


def test_the_owner_sets_up_a_location_and_a_login_and_sees_it_in_the_log(live_server, salon, page):
    log_in(page, live_server, "owner")
    add_location(page)
    riverside = Location.objects.get(business=salon.business, name="Riverside")
    hours = {
        h.weekday: (h.opens, h.closes) for h in OpeningHours.objects.filter(location=riverside)
    }
    assert sorted(hours) == [1, 2, 3, 4, 5, 6]
    assert hours[5] == (time(9), time(17))
    assert hours[6] == (time(10), time(16))
    assert "10:00–16:00" in page.inner_text(".location:has-text('Riverside')")

    add_stylist_login(page)
    assert User.objects.get(username="river_stylist").role == Role.STYLIST
    log_out(page)

    log_in(page, live_server, "river_stylist", STYLIST_PASSWORD)
    nav = page.locator("nav.mainnav")
    assert nav.locator("a:has-text('Book')").count() == 1
    assert nav.locator("a:has-text('Settings')").count() == 0
    assert nav.locator("a:has-text('Activity')").count() == 0
    response = page.goto(f"{live_server.url}/activity/")
    assert response.status == 403
    log_out(page)

    log_in(page, live_server, "owner")
    page.click("nav.mainnav >> text=Activity")
    page.wait_for_selector("h1:has-text('Activity')")
    log_text = page.inner_text("table.activity")
    assert "Riverside" in log_text
    assert "Rhea River" in log_text  # the new login, shown by name
    assert "owner" in log_text
    page.select_option("select[name=model]", "accounts.openinghours")
    page.click("button:has-text('Show')")
    page.wait_for_url("**model=accounts.openinghours**")
    rows = page.locator("tr.activity-entry")
    assert rows.count() >= 6
    assert "Riverside, Sunday" in page.inner_text("table.activity")


def test_the_location_form_fits_a_phone(live_server, salon, phone_page):
    log_in(phone_page, live_server, "owner")
    phone_page.goto(f"{live_server.url}/settings/locations/{salon.location.pk}/")
    phone_page.wait_for_selector("input[name=day6-opens]")
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    phone_page.goto(f"{live_server.url}/activity/")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
