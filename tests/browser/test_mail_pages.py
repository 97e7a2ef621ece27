"""In a real browser, with e-mail delivered to a real SMTP server on loopback (the
`mailbox` fixture): a receipt e-mailed from a paid ticket, and notices by e-mail — the
confirmation link opened from the e-mail, a changed link refused, and the one-click
unsubscribe page reached from a notice e-mail."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from salonkeep.notices.models import Subscription
from salonkeep.notices.sender import send_outbox
from tests.browser.conftest import log_in
from tests.browser.test_notices import post_incident
from tests.browser.test_sales import colour_appointment, take
from tests.mailserver import PUBLIC_URL

pytestmark = pytest.mark.browser


def settle(page):
    page.wait_for_load_state("networkidle")


def plain_text(message):
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, message
    return part.get_content()


def test_the_front_desk_emails_a_receipt_from_a_paid_ticket(page, live_server, salon, mailbox):
    appointment = colour_appointment(salon)
    log_in(page, live_server, salon.front_desk.username)
    page.goto(f"{live_server.url}/appointments/{appointment.pk}/")
    page.click("button:has-text('Check out')")
    settle(page)
    assert page.locator("button:has-text('E-mail the receipt')").count() == 0  # not paid yet
    take(page, "cash", "85")
    assert "Paid" in page.locator("h1").inner_text()

    address = page.locator("form[action$='/receipt/email/'] input[name=email]")
    send = page.locator("button:has-text('E-mail the receipt')")
    # The browser itself refuses what is plainly not an address...
    address.fill("not-an-address")
    send.click()
    assert address.evaluate("input => input.validity.valid") is False
    # ...and the server refuses what the browser lets through.
    address.fill("alice@example")
    send.click()
    settle(page)
    assert "E-mail address: Enter a valid email address." in page.locator(".messages").inner_text()
    assert mailbox.received == []

    page.locator("form[action$='/receipt/email/'] input[name=email]").fill("alice@example.test")
    page.click("button:has-text('E-mail the receipt')")
    settle(page)
    assert "Sent the receipt to alice@example.test." in page.locator(".messages").inner_text()
    assert mailbox.recipients == [["alice@example.test"]]
    (message,) = mailbox.received
    assert message["Subject"] == "Your receipt from Rose & Thorn (ticket 1)"
    assert "Full head colour with Sam Stylist: £85.00" in plain_text(message)


def link_in(message, name) -> str:
    """The path of the notices link `name` in an e-mail, to open on the live server."""
    text = plain_text(message)
    found = re.search(rf"{re.escape(PUBLIC_URL)}(/notices/email/{name}/[^/\s]+/)", text)
    assert found, text
    return found.group(1)


def test_a_stylist_confirms_notice_emails_from_the_email_and_unsubscribes(
    live_server, salon, mailbox, page, phone_page, browser
):
    log_in(phone_page, live_server, salon.stylist.username)
    phone_page.goto(f"{live_server.url}/notices/")
    phone_page.click("text=Get notices by e-mail")
    phone_page.fill("input[name=email]", "sam@example.com")
    phone_page.click("button:has-text('Subscribe')")
    phone_page.wait_for_selector("text=We sent a link to sam@example.com.")

    assert send_outbox(timezone.now()) == 1  # what the worker does every minute
    (confirmation,) = mailbox.received
    assert mailbox.recipients == [["sam@example.com"]]
    confirm_path = link_in(confirmation, "confirm")

    # The link is opened from the mail program: no login in that browser.
    mail_program = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        reader = mail_program.new_page()
        token = confirm_path.split("/")[-2]
        changed = confirm_path.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
        response = reader.goto(live_server.url + changed)
        assert response.status == 400
        assert reader.locator("h1").inner_text() == "Link not valid"
        assert Subscription.objects.get().confirmed_at is None

        response = reader.goto(live_server.url + confirm_path)
        assert response.status == 200
        assert reader.locator("h1").inner_text() == "Subscribed"
        assert (
            "sam@example.com will now get Rose & Thorn's notices by e-mail."
            in reader.locator("main").inner_text()
        )
        assert Subscription.objects.get().confirmed_at is not None

        phone_page.reload()
        assert "Notices go to sam@example.com." in phone_page.locator("main").inner_text()

        # The owner posts an incident; its e-mail carries the one-click unsubscribe link.
        log_in(page, live_server, salon.owner.username)
        post_incident(page, live_server)
        assert send_outbox(timezone.now()) == 1
        notice_mail = mailbox.received[-1]
        assert "Card payments are failing" in notice_mail["Subject"]
        unsubscribe_path = link_in(notice_mail, "unsubscribe")
        assert notice_mail["List-Unsubscribe"].strip("<> ") == PUBLIC_URL + unsubscribe_path

        reader.goto(live_server.url + unsubscribe_path)
        assert reader.locator("h1").inner_text() == "Stop notice e-mails"
        assert Subscription.objects.exists()  # opening the page alone changes nothing
        reader.click("button:has-text('Unsubscribe')")
        settle(reader)
        assert reader.locator("h1").inner_text() == "Unsubscribed"
        assert not Subscription.objects.exists()
    finally:
        mail_program.close()
