"""Payment links with the built-in provider: sent from checkout or from a payment owed,
the client's page records their promise, the salon marks it paid."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from salonkeep.notices.models import OutgoingMail
from salonkeep.paylinks.ending import expire_links
from salonkeep.paylinks.models import LinkSettings, LinkState, PaymentLink
from salonkeep.sales.models import ClosedDay, Payment, PaymentMethod, TicketStatus
from salonkeep.sales.payments import Tender, collect_owed, owed_payments
from salonkeep.sales.tickets import add_product
from tests.conftest import logged_in
from tests.paylinks.helpers import (
    at,
    colour_ticket,
    detail_url,
    link_for_owed,
    link_in,
    messages_of,
    on_the_day,
    owed_for,
    page_url,
    walk_in_ticket,
)
from tests.processes import free_port
from tests.sales.helpers import maintenance_window, shampoo

pytestmark = pytest.mark.usefixtures("on_the_day")
__all__ = ["on_the_day"]


def from_ticket(client, ticket, email=""):
    return client.post(
        reverse("paylinks:from_ticket", args=[ticket.pk]), {"email": email}, follow=True
    )


def test_it_sends_a_link_from_checkout_and_records_the_amount_as_owed(
    as_front_desk, salon, mailbox
):
    ticket = colour_ticket(salon)
    response = from_ticket(as_front_desk, ticket, "alice@example.test")
    assert "Sent the payment link for £85.00 to alice@example.test." in messages_of(response)
    owed = Payment.objects.get(ticket=ticket)
    assert (owed.method, owed.amount) == (PaymentMethod.OWED, 8500)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.PAID  # covered: the rest is on payments owed
    link = PaymentLink.objects.get(owed=owed)
    assert (link.state, link.provider, link.amount, link.sent_to) == (
        "active",
        "built_in",
        8500,
        "alice@example.test",
    )
    assert link.expires_at == link.created_at + timedelta(days=14)
    assert mailbox.recipients == [["alice@example.test"]]
    message = mailbox.received[0]
    assert message["Subject"] == "Pay £85.00 to Rose & Thorn"
    body = message.get_payload(decode=True).decode()
    assert link_in(body).endswith(page_url(link)) and "ticket 1" in body
    assert "8 December 2026" in body  # valid until, in the salon's calendar
    assert response.redirect_chain[-1][0] == detail_url(link)


def test_it_makes_a_link_to_copy_when_no_address_is_given(as_front_desk, salon, mailbox, settings):
    response = from_ticket(as_front_desk, colour_ticket(salon))
    link = PaymentLink.objects.get()
    text = response.content.decode()
    assert f'value="{settings.SALONKEEP_PUBLIC_URL}{page_url(link)}"' in text
    assert 'data-copy="link-url"' in text and "Made" in text
    assert mailbox.received == [] and link.sent_at is None


def shampoo_walk_in(salon, client=None):
    ticket = walk_in_ticket(salon, client)
    add_product(ticket, shampoo(salon), 1)
    return ticket


def test_the_ticket_offers_a_link_only_with_a_client(as_front_desk, salon):
    with_client = as_front_desk.get(reverse("sales:ticket", args=[colour_ticket(salon).pk]))
    assert "Send a payment link for £85.00" in with_client.content.decode()
    walk_in = shampoo_walk_in(salon)
    walk_in_page = as_front_desk.get(reverse("sales:ticket", args=[walk_in.pk])).content.decode()
    assert "Choose the client first" in walk_in_page


def test_it_refuses_a_ticket_without_a_client_and_saves_nothing(as_front_desk, salon):
    ticket = shampoo_walk_in(salon)
    response = from_ticket(as_front_desk, ticket, "someone@example.test")
    assert "Pay later needs a client" in " ".join(messages_of(response))
    assert not Payment.objects.exists() and not PaymentLink.objects.exists()


def test_it_refuses_a_bad_address_and_saves_nothing(as_front_desk, salon):
    response = from_ticket(as_front_desk, colour_ticket(salon), "not an address")
    assert "valid email address" in " ".join(messages_of(response))
    assert not Payment.objects.exists() and not PaymentLink.objects.exists()


def test_it_refuses_a_paid_ticket(as_front_desk, salon):
    owed = owed_for(salon)
    response = from_ticket(as_front_desk, owed.ticket, "alice@example.test")
    assert "Nothing is left to pay on this ticket." in messages_of(response)
    assert Payment.objects.count() == 1 and not PaymentLink.objects.exists()


def test_it_keeps_the_link_when_email_is_not_set_up(as_front_desk, salon, settings):
    settings.EMAIL_HOST = ""
    response = from_ticket(as_front_desk, colour_ticket(salon), "alice@example.test")
    assert "E-mail is not set up on this server" in " ".join(messages_of(response))
    link = PaymentLink.objects.get()
    assert link.is_live and link.sent_at is None
    assert "not e-mailed" in response.content.decode()


def test_it_keeps_the_link_when_the_mail_server_is_down(as_front_desk, salon, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nobody listening
    response = from_ticket(as_front_desk, colour_ticket(salon), "alice@example.test")
    assert "The e-mail could not be sent" in " ".join(messages_of(response))
    link = PaymentLink.objects.get()
    assert link.is_live and link.sent_at is None and link.owed.method == PaymentMethod.OWED


def test_it_holds_the_email_while_messaging_is_paused(as_front_desk, salon, mailbox):
    notice = maintenance_window(salon.business, ["messaging"])
    from_ticket(as_front_desk, colour_ticket(salon), "alice@example.test")
    assert mailbox.received == []
    held = OutgoingMail.objects.get(to="alice@example.test")
    assert held.next_attempt_at == notice.ends_at and "/pay/" in held.body


def test_the_client_page_shows_the_amount_and_the_salons_instructions(client, salon):
    LinkSettings.objects.create(business=salon.business, instructions="Sort code 12-34-56")
    link = link_for_owed(owed_for(salon), salon.front_desk)
    text = client.get(page_url(link)).content.decode()
    assert "Rose &amp; Thorn" in text and "£85.00" in text and "Sort code 12-34-56" in text
    assert "Alice" not in text and "07700" not in text  # nothing about the client
    link.refresh_from_db()
    assert link.opened_at is not None


def test_the_client_says_they_have_paid_and_the_salon_sees_it(client, as_front_desk, salon):
    link = link_for_owed(owed_for(salon), salon.front_desk)
    response = client.post(
        page_url(link), {"name": "Alice", "note": "Bank transfer, ref ALICE85"}, follow=True
    )
    assert "has your message and will confirm the payment" in response.content.decode()
    link.refresh_from_db()
    assert (link.state, link.promise_note) == (LinkState.PROMISED, "Bank transfer, ref ALICE85")
    owed_list = as_front_desk.get(reverse("sales:owed")).content.decode()
    assert "Client says they have paid" in owed_list
    assert "Bank transfer, ref ALICE85" in as_front_desk.get(detail_url(link)).content.decode()


def test_a_promise_needs_a_name_and_a_note(client, salon):
    link = link_for_owed(owed_for(salon), salon.front_desk)
    response = client.post(page_url(link), {"name": "", "note": "x" * 301})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    link.refresh_from_db()
    assert link.state == LinkState.ACTIVE and link.promised_at is None


def test_the_salon_marks_it_paid_and_the_owed_payment_is_collected(as_front_desk, salon, client):
    owed = owed_for(salon)
    link = link_for_owed(owed, salon.front_desk)
    response = as_front_desk.post(
        detail_url(link, "mark_paid"), {"reference": "BACS ALICE85"}, follow=True
    )
    assert "Recorded £85.00 paid." in messages_of(response)
    collected = Payment.objects.get(collects=owed)
    assert (collected.method, collected.amount, collected.reference) == (
        PaymentMethod.PAYMENT_LINK,
        8500,
        "BACS ALICE85",
    )
    assert collected.created_by == salon.front_desk
    link.refresh_from_db()
    assert link.state == LinkState.PAID and link.payment == collected
    assert list(owed_payments(salon.business)) == []
    assert "Paid. Thank you!" in client.get(page_url(link)).content.decode()
    again = as_front_desk.post(detail_url(link, "mark_paid"), {"reference": ""}, follow=True)
    assert "This link has already been paid." in messages_of(again)
    assert Payment.objects.filter(collects=owed).count() == 1


def test_money_paid_after_the_day_was_closed_goes_into_the_next_day(as_front_desk, salon):
    link = link_for_owed(owed_for(salon), salon.front_desk)
    ClosedDay.objects.create(business=salon.business, date=at(11).date(), closed_at=at(18))
    as_front_desk.post(detail_url(link, "mark_paid"), {"reference": "late transfer"})
    collected = Payment.objects.get(method=PaymentMethod.PAYMENT_LINK)
    assert collected.business_date == at(11).date() + timedelta(days=1)


def test_collecting_by_telephone_cancels_the_link(client, salon):
    owed = owed_for(salon)
    link = link_for_owed(owed, salon.front_desk)
    collect_owed(owed, salon.front_desk, Tender(PaymentMethod.TELEPHONE, 0, "4242"))
    link.refresh_from_db()
    assert link.state == LinkState.CANCELLED
    assert link.end_reason == "Collected another way (card by telephone)."
    assert "This link is no longer valid" in client.get(page_url(link)).content.decode()


def test_the_salon_cancels_a_link_with_a_reason(as_front_desk, salon):
    link = link_for_owed(owed_for(salon), salon.front_desk)
    refused = as_front_desk.post(detail_url(link, "cancel"), {"reason": ""}, follow=True)
    assert "This field is required." in " ".join(messages_of(refused))
    link.refresh_from_db()
    assert link.is_live
    done = as_front_desk.post(detail_url(link, "cancel"), {"reason": "Paid in cash"}, follow=True)
    assert "The link is cancelled" in " ".join(messages_of(done))
    link.refresh_from_db()
    assert (link.state, link.end_reason) == (LinkState.CANCELLED, "Paid in cash")
    assert link.owed in owed_payments(salon.business)  # still owed: only the link ended
    twice = as_front_desk.post(detail_url(link, "cancel"), {"reason": "again"}, follow=True)
    assert "already ended" in " ".join(messages_of(twice))


def test_a_link_expires_and_a_new_one_can_be_sent(as_front_desk, salon, client):
    owed = owed_for(salon)
    old = link_for_owed(owed, salon.front_desk)
    later = at(11) + timedelta(days=15)
    with time_machine.travel(later, tick=False):
        expire_links(timezone.now())
        old.refresh_from_db()
        assert old.state == LinkState.EXPIRED
        assert "no longer valid" in client.get(page_url(old)).content.decode()
        again = logged_in(salon.front_desk)  # a fortnight later: a new session
        again.post(reverse("paylinks:from_owed", args=[owed.pk]), {"email": ""})
        new = PaymentLink.objects.get(owed=owed, state=LinkState.ACTIVE)
        text = again.get(detail_url(new)).content.decode()
    assert new.pk != old.pk and "Earlier links for this payment" in text


def test_sending_again_reuses_the_live_link(as_front_desk, salon, mailbox):
    owed = owed_for(salon)
    link = link_for_owed(owed, salon.front_desk)
    as_front_desk.post(reverse("paylinks:from_owed", args=[owed.pk]), {"email": "a@example.test"})
    as_front_desk.post(detail_url(link, "send"), {"email": "b@example.test"})
    assert PaymentLink.objects.count() == 1
    assert mailbox.recipients == [["a@example.test"], ["b@example.test"]]
    link.refresh_from_db()
    assert link.sent_to == "b@example.test"
    empty = as_front_desk.post(detail_url(link, "send"), {"email": ""}, follow=True)
    assert "Enter an e-mail address." in messages_of(empty)


def test_a_link_cannot_be_made_for_a_collected_payment(as_front_desk, salon):
    owed = owed_for(salon)
    collect_owed(owed, salon.front_desk, Tender(PaymentMethod.CASH, 8500))
    response = as_front_desk.post(
        reverse("paylinks:from_owed", args=[owed.pk]), {"email": ""}, follow=True
    )
    assert "already been collected" in " ".join(messages_of(response))
    assert not PaymentLink.objects.exists()


def test_the_collect_page_offers_a_link_and_then_shows_it(as_front_desk, salon):
    owed = owed_for(salon)
    page = reverse("sales:collect", args=[owed.pk])
    assert "Send a payment link" in as_front_desk.get(page).content.decode()
    link = link_for_owed(owed, salon.front_desk)
    text = as_front_desk.get(page).content.decode()
    assert "A payment link is out" in text and detail_url(link) in text


def test_unknown_and_overlong_tokens_are_not_found(client, salon):
    assert client.get("/pay/nothing-here/").status_code == 404
    assert client.get("/pay/" + "a" * 200 + "/").status_code == 404


def test_settings_are_for_managers(as_manager, as_front_desk, salon):
    url = reverse("paylinks:settings")
    assert as_front_desk.get(url).status_code == 403
    text = as_manager.get(url).content.decode()
    assert "built-in provider" in text
    bad = as_manager.post(url, {"instructions": "Call us", "valid_days": "0"})
    assert "Choose between 1 and 60 days." in bad.content.decode()
    assert not LinkSettings.objects.filter(instructions="Call us").exists()
    as_manager.post(url, {"instructions": "Call us", "valid_days": "3"})
    saved = LinkSettings.objects.get(business=salon.business)
    assert (saved.instructions, saved.valid_days) == ("Call us", 3)
    assert as_manager.delete(url).status_code == 405


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("detail", "get"),
        ("send", "post"),
        ("mark_paid", "post"),
        ("cancel", "post"),
        ("check_stripe", "post"),
    ],
)
def test_staff_pages_by_role_and_business(salon, other, name, method):
    link = link_for_owed(owed_for(salon), salon.front_desk)
    url = detail_url(link, name)
    assert getattr(logged_in(salon.stylist), method)(url).status_code == 403
    assert getattr(logged_in(other.owner), method)(url).status_code == 404
    anonymous = getattr(logged_in(salon.stylist).__class__(), method)(url)
    assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    wrong = "get" if method == "post" else "post"
    assert getattr(logged_in(salon.owner), wrong)(url).status_code == 405


def test_sending_from_a_ticket_or_owed_payment_by_role_and_business(salon, other):
    ticket = shampoo_walk_in(salon, salon.client)
    owed = owed_for(salon)
    for url in (
        reverse("paylinks:from_ticket", args=[ticket.pk]),
        reverse("paylinks:from_owed", args=[owed.pk]),
    ):
        assert logged_in(salon.stylist).post(url, {"email": ""}).status_code == 403
        assert logged_in(other.owner).post(url, {"email": ""}).status_code == 404
        assert logged_in(salon.owner).get(url).status_code == 405
    assert not PaymentLink.objects.exists()


def test_a_promised_link_waits_for_the_salon_however_old(as_front_desk, client, salon):
    owed = owed_for(salon)
    link = link_for_owed(owed, salon.front_desk)
    client.post(page_url(link), {"name": "Alice", "note": "Transfer sent"})
    with time_machine.travel(at(11) + timedelta(days=30), tick=False):
        expire_links(timezone.now())
        link.refresh_from_db()
        assert link.state == LinkState.PROMISED
        later = logged_in(salon.front_desk)
        assert "Client says they have paid" in later.get(reverse("sales:owed")).content.decode()
        later.post(detail_url(link, "mark_paid"), {"reference": "BACS"})
    link.refresh_from_db()
    assert link.state == LinkState.PAID


def test_bad_input_on_the_links_page_is_refused_and_saves_nothing(as_front_desk, salon, mailbox):
    link = link_for_owed(owed_for(salon), salon.front_desk)
    too_long = as_front_desk.post(
        detail_url(link, "mark_paid"), {"reference": "R" * 81}, follow=True
    )
    assert "at most 80 characters" in " ".join(messages_of(too_long))
    bad_address = as_front_desk.post(detail_url(link, "send"), {"email": "nobody@"}, follow=True)
    assert "valid email address" in " ".join(messages_of(bad_address))
    long_reason = as_front_desk.post(detail_url(link, "cancel"), {"reason": "x" * 151}, follow=True)
    assert "at most 150 characters" in " ".join(messages_of(long_reason))
    link.refresh_from_db()
    assert link.state == LinkState.ACTIVE and link.sent_at is None and mailbox.received == []
    assert not Payment.objects.filter(collects=link.owed).exists()
