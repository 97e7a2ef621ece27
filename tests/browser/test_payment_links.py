"""In a real browser: send a payment link from checkout and complete it. The client opens
the e-mailed link in a browser of their own (no login) and either says they have paid
by transfer (built-in provider; the salon marks it paid) or pays by card on Stripe's
page (localstripe behind the Stripe test front, whose signed webhook reaches the live
server). On a phone, the link is copied for a text message from the payments owed list."""

from __future__ import annotations

import pytest

from salonkeep.paylinks.models import LinkState, PaymentLink
from salonkeep.sales.models import Payment, PaymentMethod
from salonkeep.sales.payments import Tender, take_payment
from salonkeep.sales.tickets import open_for_appointment
from tests.browser.conftest import log_in
from tests.browser.test_sales import colour_appointment
from tests.paylinks.conftest import (  # noqa: F401 (the Stripe test servers)
    localstripe,
    stripe_front,
    stripe_front_for_the_session,
    stripe_settings,
)
from tests.paylinks.helpers import link_for_owed, link_in

pytestmark = pytest.mark.browser


def colour_ticket(salon):
    """Alice's £85 colour (next Tuesday), opened at checkout."""
    return open_for_appointment(salon.business, salon.front_desk, colour_appointment(salon))


def colour_owed(salon):
    return take_payment(colour_ticket(salon), salon.front_desk, Tender(PaymentMethod.OWED, 8500))


def send_link_from_checkout(page, live_server, salon, mailbox) -> tuple[object, str]:
    """The front desk sends Alice's colour ticket as a payment link; returns the ticket
    and the address in the e-mail she receives."""
    ticket = colour_ticket(salon)
    log_in(page, live_server, salon.front_desk.username)
    page.goto(f"{live_server.url}/checkout/{ticket.pk}/")
    page.fill("#link-email", "alice@example.test")
    page.click("button:has-text('Send a payment link for £85.00')")
    page.wait_for_load_state("networkidle")
    assert "Sent the payment link for £85.00 to alice@example.test." in page.content()
    assert page.locator("#link-state").inner_text().startswith("Waiting for payment")
    body = mailbox.received[0].get_payload(decode=True).decode()
    return ticket, link_in(body)


def test_sending_a_payment_link_from_checkout_and_completing_it(
    page, browser, live_server, salon, mailbox, settings
):
    settings.SALONKEEP_PUBLIC_URL = live_server.url
    ticket, address = send_link_from_checkout(page, live_server, salon, mailbox)
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


def test_paying_a_payment_link_by_card_through_stripe(
    page,
    browser,
    live_server,
    salon,
    mailbox,
    settings,
    stripe_settings,  # noqa: F811 (the fixture imported above)
    stripe_front,  # noqa: F811
):
    settings.SALONKEEP_PUBLIC_URL = live_server.url
    stripe_front.set_webhook_url(f"{live_server.url}/pay/stripe/webhook/")
    ticket, address = send_link_from_checkout(page, live_server, salon, mailbox)
    client_side = browser.new_context()
    try:
        client_page = client_side.new_page()
        client_page.goto(address)
        client_page.click("#pay-by-card")
        client_page.wait_for_load_state("networkidle")
        assert client_page.url.startswith(stripe_front.api_base)  # Stripe's page
        assert client_page.locator("#amount").inner_text() == "85.00 GBP"
        client_page.click("#pay")
        client_page.wait_for_load_state("networkidle")
        assert client_page.url.startswith(address)
        assert "Paid. Thank you!" in client_page.locator("#pay-result").inner_text()
    finally:
        client_side.close()
    assert ("checkout.session.completed", 200) in stripe_front.deliveries
    owed = Payment.objects.get(ticket=ticket, method=PaymentMethod.OWED)
    collected = Payment.objects.get(collects=owed)
    assert collected.method == PaymentMethod.PAYMENT_LINK and collected.reference.startswith("pi_")
    page.reload()
    assert page.locator("#link-state .badge").inner_text() == "Paid"
    page.goto(f"{live_server.url}/checkout/owed/")
    assert "Nothing is owed" in page.content()


def test_copying_a_link_for_a_text_message_on_a_phone(phone_page, live_server, salon, settings):
    settings.SALONKEEP_PUBLIC_URL = live_server.url
    owed = colour_owed(salon)
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


def test_a_manager_sets_what_the_clients_page_says(page, live_server, salon):
    log_in(page, live_server, salon.manager.username)
    page.goto(f"{live_server.url}/settings/")
    page.click("a:has-text('Payment links')")
    assert "built-in provider" in page.content()
    page.fill("#id_instructions", "Bank transfer to Rose & Thorn Ltd, sort code 12-34-56")
    page.fill("#id_valid_days", "0")
    page.click("button:has-text('Save')")
    page.wait_for_load_state("networkidle")
    assert "Choose between 1 and 60 days." in page.content()
    page.fill("#id_valid_days", "7")
    page.click("button:has-text('Save')")
    page.wait_for_load_state("networkidle")
    assert "Payment link settings saved." in page.content()

    owed = colour_owed(salon)
    link = link_for_owed(owed, salon.front_desk)
    assert (link.expires_at - link.created_at).days == 7
    page.goto(f"{live_server.url}/pay/{link.token}/")
    assert "sort code 12-34-56" in page.locator("#pay-page").inner_text()
