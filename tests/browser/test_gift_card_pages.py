"""In a real browser: the owners' and managers' gift card pages — the list with what is
owed, the rules (may cards expire?), a card's ledger and a correction of its balance,
refused when it is wrong. The front desk only checks balances."""

from __future__ import annotations

import pytest

from salonkeep.giftcards.ledger import rules_for
from salonkeep.giftcards.models import GiftCard, MovementKind
from tests.browser.conftest import log_in
from tests.giftcards.helpers import sold_card

pytestmark = pytest.mark.browser


def settle(page):
    page.wait_for_load_state("networkidle")


def problem_text(page):
    return page.locator("body").inner_text()


def test_a_manager_lets_gift_cards_expire_and_turns_it_off_again(page, live_server, salon):
    sold_card(salon, 5000, code="RULES0001")
    log_in(page, live_server, salon.manager.username)
    page.click("nav >> text=Gift cards")
    settle(page)
    page.click("text=All gift cards and what is owed on them")
    settle(page)
    assert "Outstanding: £50.00" in page.locator("#gift-card-liability").inner_text()
    assert "1 of the 1 sold still have value" in page.locator("#gift-card-liability").inner_text()

    expiry = page.get_by_label("Gift cards may expire")
    assert not expiry.is_checked()
    expiry.check()
    page.click("button:has-text('Save the rules')")
    settle(page)
    assert page.locator(".messages >> text=Gift cards may now be given an expiry date.").count()
    assert page.get_by_label("Gift cards may expire").is_checked()
    assert rules_for(salon.business).expiry_allowed

    page.get_by_label("Gift cards may expire").uncheck()
    page.click("button:has-text('Save the rules')")
    settle(page)
    assert page.locator(".messages >> text=Gift cards sold from now on never expire.").count()
    assert not rules_for(salon.business).expiry_allowed


def test_a_manager_corrects_a_balance_and_is_told_what_is_wrong(page, live_server, salon):
    card = sold_card(salon, 5000, code="ADJUST0001")
    log_in(page, live_server, salon.manager.username)
    page.goto(f"{live_server.url}/gift-cards/all/")
    page.click(f"#card-{card.pk} a")
    settle(page)
    assert page.url.endswith(f"/gift-cards/{card.pk}/")
    assert page.locator("#gift-card-balance").inner_text() == "£50.00"
    assert "Bea" in page.locator("main").inner_text()

    # More than is on the card: refused with the most that can come off.
    page.select_option("[name='direction']", "take")
    page.fill("[name='amount']", "80")
    page.fill("[name='reason']", "Sold twice by mistake")
    page.click("button:has-text('Record the adjustment')")
    settle(page)
    assert "The balance cannot go below zero: at most £50.00 can come off." in problem_text(page)
    assert page.locator("#gift-card-balance").inner_text() == "£50.00"

    # Not an amount at all.
    page.fill("[name='amount']", "ten pounds")
    page.click("button:has-text('Record the adjustment')")
    settle(page)
    assert page.locator(".field.has-error [role=alert]").count() == 1
    assert page.locator(".field.has-error label").inner_text() == "Amount"
    card.refresh_from_db()
    assert card.balance == 5000
    assert not card.movements.filter(kind=MovementKind.ADJUSTED).exists()

    # A goodwill top-up goes through and shows in the ledger with who did it and why.
    page.select_option("[name='direction']", "add")
    page.fill("[name='amount']", "7.50")
    page.fill("[name='reason']", "Goodwill for a late start")
    page.click("button:has-text('Record the adjustment')")
    settle(page)
    assert page.url.endswith(f"/gift-cards/{card.pk}/")
    assert page.locator(".messages >> text=The balance is now £57.50.").count() == 1
    assert page.locator("#gift-card-balance").inner_text() == "£57.50"
    ledger = page.locator(".gift-card-ledger").inner_text()
    assert "Goodwill for a late start" in ledger and salon.manager.username in ledger
    assert GiftCard.objects.get(pk=card.pk).balance == 5750

    # The list agrees, and the balance page too.
    page.click("text=← Gift cards")
    settle(page)
    assert "Outstanding: £57.50" in page.locator("#gift-card-liability").inner_text()


def test_the_card_page_fits_a_phone(phone_page, live_server, salon):
    card = sold_card(salon, 2500, code="PHONE0003")
    page = phone_page
    log_in(page, live_server, salon.owner.username)
    page.goto(f"{live_server.url}/gift-cards/")
    page.fill("#id_code", "PHONE0003")
    page.click("button:has-text('Check balance')")
    settle(page)
    page.click("a:has-text('Adjust the balance')")
    settle(page)
    assert page.url.endswith(f"/gift-cards/{card.pk}/")
    assert page.locator("button:has-text('Record the adjustment')").is_visible()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"


def test_the_front_desk_checks_balances_but_cannot_adjust(page, live_server, salon):
    card = sold_card(salon, 2500, code="DESK0001")
    log_in(page, live_server, salon.front_desk.username)
    page.goto(f"{live_server.url}/gift-cards/")
    page.fill("#id_code", "DESK0001")
    page.click("button:has-text('Check balance')")
    settle(page)
    assert "£25.00 left of £25.00" in page.locator("#gift-card").inner_text()
    assert page.locator("a:has-text('Adjust the balance')").count() == 0
    assert page.locator("text=All gift cards and what is owed on them").count() == 0
    assert page.goto(f"{live_server.url}/gift-cards/{card.pk}/").status == 403
    assert page.goto(f"{live_server.url}/gift-cards/all/").status == 403
