"""In a real browser: the owner builds a colour service with processing time and a
per-member price, sets a team member's hours, and the menu works on a phone."""

import pytest

from salonkeep.catalog.models import Service, ServicePerformer
from salonkeep.team.models import WorkingHours
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_it_builds_a_colour_service_and_sets_working_hours(live_server, salon, page):
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/services/")
    page.click("text=Add a service")
    page.fill("#id_name", "Balayage")
    page.select_option("#id_category", label="Colour")
    page.fill("#id_price", "120.00")
    page.fill("#id_initial_minutes", "45")
    page.fill("#id_processing_minutes", "35")
    page.fill("#id_finish_minutes", "30")
    page.fill("#id_blocked_minutes", "10")
    page.click("button:has-text('Add the service')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Balayage"
    service = Service.objects.get(business=salon.business, name="Balayage")
    assert (service.price, service.processing_minutes) == (12000, 35)

    jo_terms = ServicePerformer.objects.get(service=service, team_member=salon.jo)
    page.click(f"#performer-{jo_terms.pk} >> text=Own terms")
    page.fill("#id_price", "99.50")
    page.fill("#id_processing_minutes", "40")
    page.click("button:has-text('Save')")
    page.wait_for_load_state("networkidle")
    row = page.locator(f"#performer-{jo_terms.pk}")
    assert "£99.50" in row.inner_text()
    assert "1 h 55 min" in row.inner_text()  # 45 + 40 + 30
    assert row.locator(".own-terms").count() == 2
    jo_terms.refresh_from_db()
    assert (jo_terms.price, jo_terms.processing_minutes, jo_terms.initial_minutes) == (
        9950,
        40,
        None,
    )

    page.goto(f"{live_server.url}/team/")
    page.click("text=Jo Junior")
    page.click("text=Change hours")
    monday = WorkingHours.objects.get(team_member=salon.jo, weekday=0)
    index = page.locator(f"input[name$='-id'][value='{monday.pk}']").get_attribute("name")
    prefix = index.rsplit("-", 1)[0]
    page.fill(f"[name='{prefix}-ends']", "13:00")
    page.select_option("[name='hours-6-weekday']", label="Monday")
    page.fill("[name='hours-6-starts']", "14:00")
    page.fill("[name='hours-6-ends']", "19:00")
    page.click("button:has-text('Save hours')")
    page.wait_for_load_state("networkidle")
    assert "Saved Jo Junior's working hours." in page.content()
    monday_row = page.locator("table.week tr", has_text="Monday")
    assert "09:00–13:00, 14:00–19:00" in monday_row.inner_text()


def test_it_shows_the_service_menu_on_a_phone(live_server, salon, phone_page):
    log_in(phone_page, live_server, "stylist")
    phone_page.goto(f"{live_server.url}/services/")
    assert phone_page.locator("h1").inner_text() == "Service menu"
    colour = phone_page.locator(f"#service-{salon.colour.pk}")
    assert colour.is_visible()
    assert "£85.00" in colour.inner_text() and "1 h 45 min" in colour.inner_text()
    # Nothing wider than the screen: no sideways scrolling on a 390px phone.
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    box = colour.locator(".menu-price").bounding_box()
    assert box["x"] + box["width"] <= 390
