"""In a real browser: sell a gift card, check its balance, then check out a colour with a
tip split between two team members, paid part cash and part from the gift card."""

from __future__ import annotations

import pytest

from salonkeep.giftcards.models import GiftCard
from salonkeep.sales.models import Ticket, TicketStatus, Tip
from tests.browser.conftest import log_in
from tests.browser.test_sales import colour_appointment, take

pytestmark = pytest.mark.browser


def settle(page):
    page.wait_for_load_state("networkidle")


def test_a_colour_with_a_shared_tip_paid_part_cash_part_gift_card(page, live_server, salon):
    appointment = colour_appointment(salon)
    log_in(page, live_server, salon.front_desk.username)

    # A client buys a £40 gift card over the counter, in cash.
    page.goto(f"{live_server.url}/checkout/")
    page.click("button:has-text('New walk-in sale')")
    settle(page)
    page.click("summary:has-text('Sell a gift card')")
    page.fill("#gift-sell-amount", "40")
    page.fill("#gift-sell-recipient", "Alice")
    page.fill("#gift-sell-code", "4000 1234 5678")
    page.click("button:has-text('Add the gift card')")
    settle(page)
    assert "Gift card 4000 1234 5678" in page.locator(".ticket-lines").inner_text()
    take(page, "cash", "40")
    assert "Paid" in page.locator("h1").inner_text()

    page.click("nav >> text=Gift cards")
    settle(page)
    page.fill("#id_code", "400012345678")
    page.click("button:has-text('Check balance')")
    settle(page)
    assert "£40.00 left of £40.00" in page.locator("#gift-card").inner_text()

    # The colour: a £10.01 tip shared by Sam and Jo, £60 cash and the rest by gift card.
    page.goto(f"{live_server.url}/appointments/{appointment.pk}/")
    page.click("button:has-text('Check out')")
    settle(page)
    page.fill("#ticket-tips input[name=amount]", "10.01")
    page.select_option("#ticket-tips select[name=how]", "even")
    page.check(f"input[name=members][value='{salon.stylist_member.pk}']")
    page.check(f"input[name=members][value='{salon.jo.pk}']")
    page.click("button:has-text('Save tip')")
    settle(page)
    assert page.locator("#ticket-due").inner_text() == "£95.01"

    take(page, "cash", "60")
    assert page.locator("#ticket-left").inner_text() == "£35.01"
    page.fill("#gift-redeem-code", "4000-1234-5678")
    page.fill("#gift-redeem-amount", "35.01")
    page.click("button:has-text('Take from the gift card')")
    settle(page)
    assert "Gift card: £35.01." in page.content()
    assert "Paid" in page.locator("h1").inner_text()

    ticket = Ticket.objects.get(appointment=appointment)
    assert ticket.status == TicketStatus.PAID
    assert sorted(Tip.objects.filter(ticket=ticket).values_list("amount", flat=True)) == [500, 501]
    assert list(ticket.payments.values_list("method", "amount")) == [
        ("cash", 6000),
        ("gift_card", 3501),
    ]
    card = GiftCard.objects.get()
    assert card.balance == 499
    assert list(card.movements.values_list("amount", flat=True)) == [4000, -3501]


def test_checking_a_balance_on_a_phone(phone_page, live_server, salon):
    from tests.giftcards.helpers import sold_card

    sold_card(salon, 2500, code="PHONE0001")
    page = phone_page
    log_in(page, live_server, salon.front_desk.username)
    page.goto(f"{live_server.url}/gift-cards/")
    page.fill("#id_code", "phone 0001")
    page.click("button:has-text('Check balance')")
    settle(page)
    assert "£25.00 left of £25.00" in page.locator("#gift-card").inner_text()
    page.fill("#id_code", "PHONE0002")
    page.click("button:has-text('Check balance')")
    settle(page)
    assert (
        "No such gift card or certificate: PHONE0002."
        in page.locator("#gift-card-problem").inner_text()
    )
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
