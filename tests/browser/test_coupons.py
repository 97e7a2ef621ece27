"""In a real browser: a manager creates a coupon; on a phone, the front desk uses it on a
colour and is told why a second one does not apply."""

from __future__ import annotations

import pytest

from salonkeep.coupons.models import Coupon, CouponUse
from tests.browser.conftest import log_in
from tests.browser.test_sales import colour_appointment

pytestmark = pytest.mark.browser


def settle(page):
    page.wait_for_load_state("networkidle")


def test_a_manager_creates_a_coupon_and_the_front_desk_uses_it(
    page, phone_page, live_server, salon
):
    log_in(page, live_server, salon.manager.username)
    page.click("nav >> text=Coupons")
    settle(page)
    page.click("a:has-text('New coupon')")
    settle(page)
    page.fill("input[name=code]", "colour-20")
    page.select_option("select[name=kind]", "percent")
    page.fill("input[name=value_text]", "20")
    page.select_option("select[name=scope]", "service")
    page.select_option("select[name=service]", str(salon.colour.pk))
    page.fill("input[name=limit_per_client]", "1")
    page.click("button:has-text('Save coupon')")
    settle(page)
    assert "Coupon COLOUR-20 is saved." in page.content()
    Coupon.objects.create(
        business=salon.business, code="RETAIL5", kind="amount", value=500, scope="products"
    )

    appointment = colour_appointment(salon)
    phone = phone_page
    log_in(phone, live_server, salon.front_desk.username)
    phone.goto(f"{live_server.url}/appointments/{appointment.pk}/")
    phone.click("button:has-text('Check out')")
    settle(phone)
    phone.fill("#coupon-code", "retail5")
    phone.click("button:has-text('Use coupon')")
    settle(phone)
    assert "Coupon RETAIL5 applies to products only." in phone.content()
    phone.fill("#coupon-code", "colour-20")
    phone.click("button:has-text('Use coupon')")
    settle(phone)
    assert "Coupon COLOUR-20 is on the ticket." in phone.content()
    assert phone.locator("#ticket-due").inner_text() == "£68.00"
    overflow = phone.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the ticket is {overflow}px wider than the phone"
    assert CouponUse.objects.get().client == salon.client
