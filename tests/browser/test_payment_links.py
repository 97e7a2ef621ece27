"""In a real browser: send a payment link from checkout and complete it. The client opens
the e-mailed link in a browser of their own (no login), says they have paid by
transfer, and the salon marks it paid; on a phone, the link is copied for a text
message from the payments owed list."""

from __future__ import annotations

import pytest

from salonkeep.paylinks.models import LinkState, PaymentLink
from salonkeep.sales.models import Payment, PaymentMethod
from salonkeep.sales.payments import Tender, take_payment
from salonkeep.sales.tickets import open_for_appointment
from tests.browser.conftest import log_in
from tests.browser.test_sales import colour_appointment
from tests.paylinks.helpers import link_in

pytestmark = pytest.mark.browser


def test_sending_a_payment_link_from_checkout_and_completing_it(
    page, browser, live_server, salon, mailbox, settings
):
    settings.SALONKEEP_PUBLIC_URL = live_server.url
    appointment = colour_appointment(salon)
    ticket = open_for_appointment(salon.business, salon.front_desk, appointment)
    log_in(page, live_server, salon.front_desk.username)
    page.goto(f"{live_server.url}/checkout/{ticket.pk}/")
    page.fill("#link-email", "alice@example.test")
    page.click("button:has-text('Send a payment link for £85.00')")
    page.wait_for_load_state("networkidle")
    assert "Sent the payment link for £85.00 to alice@example.test." in page.content()
    assert page.locator("#link-state").inner_text().startswith("Sent, not paid yet")

    body = mailbox.received[0].get_payload(decode=True).decode()
    address = link_in(body)
    client_side = browser.new_context()  # the client's own browser: no staff login
    try:
        client_page = client_side.new_page()
        client_page.goto(address)
        assert client_page.locator(".pay-amount").inner_text() == "£85.00"
        client_page.click("button:has-text('I have paid')")
        assert client_page.locator("#id_name:invalid").count() == 1  # required, not sent
        client_page.fill("#id_name", "Alice Archer")
        client_page.fill("#id_note", "Bank transfer today, reference ALICE85")
        client_page.click("button:has-text('I have paid')")
        client_page.wait_for_load_state("networkidle")
        assert (
            "has your message and will confirm" in client_page.locator("#pay-result").inner_text()
        )
    finally:
        client_side.close()

    page.goto(f"{live_server.url}/checkout/owed/")
    assert "Client says they have paid" in page.locator("tbody").inner_text()
    page.click("a:has-text('Client says they have paid')")
    assert "Bank transfer today, reference ALICE85" in page.content()
    page.fill("#id_reference", "BACS ALICE85")
    page.click("button:has-text('Mark £85.00 paid')")
    page.wait_for_load_state("networkidle")
    assert "Recorded £85.00 paid." in page.content()
    assert page.locator("#link-state .badge").inner_text() == "Paid"
    owed = Payment.objects.get(ticket=ticket, method=PaymentMethod.OWED)
    assert Payment.objects.get(collects=owed).method == PaymentMethod.PAYMENT_LINK
    page.goto(f"{live_server.url}/checkout/owed/")
    assert "Nothing is owed" in page.content()


def test_copying_a_link_for_a_text_message_on_a_phone(phone_page, live_server, salon, settings):
    settings.SALONKEEP_PUBLIC_URL = live_server.url
    appointment = colour_appointment(salon)
    ticket = open_for_appointment(salon.business, salon.front_desk, appointment)
    owed = take_payment(ticket, salon.front_desk, Tender(PaymentMethod.OWED, 8500))
    page = phone_page
    log_in(page, live_server, salon.front_desk.username)
    page.goto(f"{live_server.url}/checkout/owed/")
    page.click(f"#owed-{owed.pk} a:has-text('Collect')")
    page.click("#payment-link button:has-text('Send a payment link')")
    page.wait_for_load_state("networkidle")
    link = PaymentLink.objects.get(owed=owed)
    assert page.input_value("#link-url") == f"{live_server.url}/pay/{link.token}/"
    page.click("#copy-link")
    page.wait_for_function("document.getElementById('copy-link').textContent !== 'Copy'")
    assert page.locator("#copy-link").inner_text() in {"Copied", "Selected: press Ctrl+C"}
    assert page.evaluate("document.body.scrollWidth <= window.innerWidth")

    page.fill("#id_reason", "Client paid cash instead")
    page.click("button:has-text('Cancel the link')")
    page.wait_for_load_state("networkidle")
    link.refresh_from_db()
    assert link.state == LinkState.CANCELLED
    assert "This link has ended" in page.content()
