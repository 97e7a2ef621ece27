"""Receipts: printable, and e-mailed through a real SMTP server on loopback."""

import pytest

from salonkeep.sales.models import PaymentMethod
from salonkeep.sales.payments import Tender, take_payment
from tests.conftest import logged_in
from tests.processes import free_port
from tests.sales.helpers import colour_ticket, messages_of, ticket_url


@pytest.fixture
def paid(salon):
    ticket = colour_ticket(salon)
    take_payment(ticket, salon.front_desk, Tender(PaymentMethod.CASH, 10000))
    return ticket


def test_it_shows_a_printable_receipt(as_front_desk, salon, paid):
    text = as_front_desk.get(ticket_url("receipt", paid)).content.decode()
    assert "Rose &amp; Thorn" in text and "Ticket 1" in text
    assert "Full head colour with Sam Stylist" in text
    assert "£85.00" in text and "£15.00" in text  # the change
    assert "window.print()" in text


def test_it_emails_the_receipt(as_front_desk, salon, paid, mailbox):
    response = as_front_desk.post(
        ticket_url("email_receipt", paid), {"email": "alice@example.test"}, follow=True
    )
    assert "Sent the receipt to alice@example.test." in messages_of(response)
    assert mailbox.recipients == [["alice@example.test"]]
    message = mailbox.received[0]
    assert message["Subject"] == "Your receipt from Rose & Thorn (ticket 1)"
    assert message["From"] == "salon@example.test"
    plain = message.get_payload()[0].get_payload(decode=True).decode()
    assert "Full head colour with Sam Stylist: £85.00" in plain
    assert "Cash" in plain


def test_it_says_when_email_is_not_set_up(as_front_desk, salon, paid, settings):
    settings.EMAIL_HOST = ""
    page = as_front_desk.get(ticket_url("ticket", paid)).content.decode()
    assert "E-mail is not set up on this server" in page
    response = as_front_desk.post(
        ticket_url("email_receipt", paid), {"email": "alice@example.test"}, follow=True
    )
    assert "E-mail is not set up on this server" in " ".join(messages_of(response))


def test_it_reports_an_smtp_server_that_does_not_answer(as_front_desk, salon, paid, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listening
    response = as_front_desk.post(
        ticket_url("email_receipt", paid), {"email": "alice@example.test"}, follow=True
    )
    assert response.status_code == 200
    assert "The e-mail could not be sent" in " ".join(messages_of(response))


@pytest.mark.parametrize("email", ["not-an-address", "a" * 250 + "@example.test", ""])
def test_it_refuses_bad_addresses(as_front_desk, salon, paid, mailbox, email):
    response = as_front_desk.post(ticket_url("email_receipt", paid), {"email": email}, follow=True)
    assert "E-mail address" in " ".join(messages_of(response))
    assert mailbox.received == []


def test_it_sends_receipts_only_for_paid_tickets(as_front_desk, salon, mailbox):
    ticket = colour_ticket(salon)
    response = as_front_desk.post(
        ticket_url("email_receipt", ticket), {"email": "alice@example.test"}, follow=True
    )
    assert "once the ticket is paid" in " ".join(messages_of(response))
    assert mailbox.received == []


def test_it_keeps_receipts_to_the_salon(salon, paid, other, client):
    assert logged_in(other.owner).get(ticket_url("receipt", paid)).status_code == 404
    outsider = logged_in(other.owner).post(ticket_url("email_receipt", paid), {"email": "a@b.c"})
    assert outsider.status_code == 404
    assert logged_in(salon.stylist).get(ticket_url("receipt", paid)).status_code == 403
    assert client.get(ticket_url("receipt", paid)).status_code == 302
    assert logged_in(salon.owner).get(ticket_url("email_receipt", paid)).status_code == 405
