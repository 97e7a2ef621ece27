"""Maintenance windows (salonkeep.notices) at checkout: card payments refused with the
end time while "pay later" still works; receipt e-mails held and sent after."""

import pytest
import time_machine
from django.urls import reverse

from salonkeep.notices.models import OutgoingMail
from salonkeep.notices.sender import send_outbox
from salonkeep.sales.models import Payment, PaymentMethod
from salonkeep.sales.payments import Tender, take_payment
from tests.sales.helpers import at, colour_ticket, messages_of, ticket_url
from tests.sales.helpers import maintenance_window as window

PAUSED = "Card payments are paused for maintenance until 12:00."


def pay(http, ticket, method, amount="85", **extra):
    data = {"method": method, "amount": amount} | extra
    return " ".join(messages_of(http.post(ticket_url("pay", ticket), data, follow=True)))


def test_it_refuses_a_card_payment_and_suggests_pay_later(as_front_desk, salon):
    window(salon.business, ["card_payments"])
    ticket = colour_ticket(salon)
    text = pay(as_front_desk, ticket, "card", card_last4="4242")
    assert PAUSED in text and "Take it as a payment owed (Pay later)" in text
    assert not ticket.payments.exists()
    assert "Recorded £85.00 owed by Alice Archer." in pay(as_front_desk, ticket, "owed")
    assert list(ticket.payments.values_list("method", flat=True)) == [PaymentMethod.OWED]


def test_cash_is_still_taken(as_front_desk, salon):
    window(salon.business, ["card_payments"])
    ticket = colour_ticket(salon)
    assert "Cash: £85.00." in pay(as_front_desk, ticket, "cash")


def test_cards_work_again_when_the_window_ends(as_front_desk, salon):
    window(salon.business, ["card_payments"])
    ticket = colour_ticket(salon)
    with time_machine.travel(at(12), tick=False):
        assert "Card (terminal): £85.00." in pay(as_front_desk, ticket, "card")


@pytest.mark.parametrize("services", [["online_booking", "messaging"], ["backups"]])
def test_a_window_not_naming_card_payments_changes_nothing(as_front_desk, salon, services):
    window(salon.business, services)
    assert "Card (terminal): £85.00." in pay(as_front_desk, colour_ticket(salon), "card")


def test_another_salons_window_changes_nothing(as_front_desk, salon, other):
    window(other.business, ["card_payments"])
    assert "Card (terminal): £85.00." in pay(as_front_desk, colour_ticket(salon), "card")


def test_collecting_by_telephone_is_refused_and_the_payment_stays_owed(as_front_desk, salon):
    ticket = colour_ticket(salon)
    owed = take_payment(ticket, salon.front_desk, Tender(PaymentMethod.OWED, 8500))
    window(salon.business, ["card_payments"])
    url = reverse("sales:collect", args=[owed.pk])
    for method in ("telephone", "card"):
        page = as_front_desk.post(url, {"method": method, "card_last4": "1881"}).content
        assert PAUSED in page.decode()
        assert "leave it owed and collect it by card afterwards" in page.decode()
    assert not Payment.objects.filter(collects=owed).exists()
    response = as_front_desk.post(url, {"method": "cash", "tendered": "85"}, follow=True)
    assert "Collected £85.00 from Alice Archer." in messages_of(response)


@pytest.fixture
def paid(salon):
    ticket = colour_ticket(salon)
    take_payment(ticket, salon.front_desk, Tender(PaymentMethod.CASH, 8500))
    return ticket


def test_a_receipt_is_held_during_a_messaging_window_and_sent_after(
    as_front_desk,
    salon,
    paid,
    mailbox,
):
    window(salon.business, ["messaging"])
    response = as_front_desk.post(
        ticket_url("email_receipt", paid), {"email": "alice@example.test"}, follow=True
    )
    text = " ".join(messages_of(response))
    assert "Messaging is paused for maintenance until 12:00." in text
    assert "The e-mail to alice@example.test is held and will be sent when it ends." in text
    assert mailbox.received == []
    (held,) = OutgoingMail.objects.filter(business=salon.business)
    assert held.next_attempt_at == at(12)
    assert send_outbox(at(11, 30)) == 0
    assert mailbox.received == []
    assert send_outbox(at(12)) == 1
    (message,) = mailbox.received
    assert message["Subject"] == "Your receipt from Rose & Thorn (ticket 1)"
    assert "Full head colour with Sam Stylist: £85.00" in message.get_payload()


def test_a_receipt_goes_at_once_when_messaging_is_not_paused(
    as_front_desk,
    salon,
    paid,
    mailbox,
):
    window(salon.business, ["card_payments"])
    response = as_front_desk.post(
        ticket_url("email_receipt", paid), {"email": "alice@example.test"}, follow=True
    )
    assert "Sent the receipt to alice@example.test." in messages_of(response)
    assert len(mailbox.received) == 1
    assert not OutgoingMail.objects.exists()
