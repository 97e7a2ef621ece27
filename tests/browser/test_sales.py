"""In a real browser: check out a colour with a tip split between two team members, paid
part cash and part card; and, on a phone, a walk-in that becomes a payment owed and is
collected later by telephone from the badge on the book."""

from __future__ import annotations

from datetime import time

import pytest

from salonkeep.book.booking import LineRequest, book_appointment
from salonkeep.lib.dates import local_instant
from salonkeep.sales.models import Payment, Product, Ticket, TicketStatus, Tip
from tests.browser.conftest import log_in
from tests.browser.test_book import next_tuesday

pytestmark = pytest.mark.browser


def colour_appointment(salon):
    starts = local_instant(next_tuesday(salon), time(10), salon.business.tz)
    return book_appointment(
        business=salon.business,
        location=salon.location,
        client=salon.client,
        lines=[
            LineRequest(service=salon.colour, team_member=salon.stylist_member, starts_at=starts)
        ],
    )


def take(page, method, amount, last4=""):
    page.check(f"input[name=method][value={method}]")
    page.fill("#ticket-payments input[name=amount]", amount)
    if last4:
        page.fill("input[name=card_last4]", last4)
    page.click("button:has-text('Take payment')")
    page.wait_for_load_state("networkidle")


def test_checking_out_a_colour_with_a_shared_tip_and_split_tender(page, live_server, salon):
    appointment = colour_appointment(salon)
    log_in(page, live_server, salon.front_desk.username)
    page.goto(f"{live_server.url}/appointments/{appointment.pk}/")
    page.click("button:has-text('Check out')")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text().startswith("Ticket 1")

    page.fill("#ticket-tips input[name=amount]", "10.01")
    page.select_option("#ticket-tips select[name=how]", "even")
    page.check(f"input[name=members][value='{salon.stylist_member.pk}']")
    page.check(f"input[name=members][value='{salon.jo.pk}']")
    page.click("button:has-text('Save tip')")
    page.wait_for_load_state("networkidle")
    assert "Tip for Sam Stylist" in page.content()
    assert page.locator("#ticket-due").inner_text() == "£95.01"

    take(page, "cash", "50")
    assert page.locator("#ticket-left").inner_text() == "£45.01"
    take(page, "card", "45.01", last4="4242")
    assert "Paid" in page.locator("h1").inner_text()

    ticket = Ticket.objects.get()
    assert ticket.status == TicketStatus.PAID
    assert sorted(Tip.objects.values_list("amount", flat=True)) == [500, 501]
    assert list(ticket.payments.values_list("method", "amount")) == [
        ("cash", 5000),
        ("card", 4501),
    ]
    page.click("a:has-text('Printable receipt')")
    page.wait_for_load_state("networkidle")
    assert "Full head colour with Sam Stylist" in page.locator(".receipt").inner_text()


def test_a_walk_in_owes_and_pays_later_by_telephone_on_a_phone(phone_page, live_server, salon):
    page = phone_page
    product = Product.objects.create(business=salon.business, name="Shampoo", price=1200, stock=3)
    log_in(page, live_server, salon.front_desk.username)
    page.goto(f"{live_server.url}/checkout/")
    page.click("button:has-text('New walk-in sale')")
    page.wait_for_load_state("networkidle")

    page.fill("#find-client", "Archer")
    page.click("button:has-text('Find client')")
    page.wait_for_load_state("networkidle")
    page.click("button:has-text('Choose Alice Archer')")
    page.wait_for_load_state("networkidle")

    page.select_option("select[name=product]", str(product.pk))
    page.click("button:has-text('Add product')")
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the ticket is {overflow}px wider than the phone"

    take(page, "owed", "12")
    assert "Recorded £12.00 owed by Alice Archer." in page.content()
    product.refresh_from_db()
    assert product.stock == 2

    page.goto(f"{live_server.url}/")
    page.click("a.owed-badge")
    page.wait_for_load_state("networkidle")
    assert "Alice Archer" in page.content() and "£12.00" in page.content()
    page.click("a:has-text('Collect')")
    page.wait_for_load_state("networkidle")
    page.check("input[name=method][value=telephone]")
    page.fill("input[name=card_last4]", "1881")
    page.click("button:has-text('Collect £12.00')")
    page.wait_for_load_state("networkidle")
    assert "Collected £12.00 from Alice Archer." in page.content()
    assert "Nothing is owed" in page.content()
    assert Payment.objects.filter(method="telephone", collects__method="owed").count() == 1
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
