"""Gift certificates: sold for a value or for a named service, used once and whole, with
the same refusals as a gift card."""

import pytest
from django.urls import reverse

from salonkeep.giftcards.ledger import outstanding, rules_for, sell_gift_card
from salonkeep.giftcards.models import GiftCard
from salonkeep.sales.models import TicketStatus
from salonkeep.sales.payments import Tender, take_payment
from tests.conftest import logged_in
from tests.giftcards.helpers import colour_ticket, messages_of, sold_card
from tests.sales.helpers import walk_in_ticket


def sell_url(ticket):
    return reverse("giftcards:sell_certificate", args=[ticket.pk])


def use_url(ticket):
    return reverse("giftcards:redeem_certificate", args=[ticket.pk])


def certificate(salon, amount=5000, service=None, code=""):
    """A certificate sold on a walk-in and paid in cash."""
    ticket = walk_in_ticket(salon)
    card = sell_gift_card(ticket, amount, code=code, certificate=True, service=service)
    take_payment(ticket, salon.front_desk, Tender(method="cash", amount=card.initial_value))
    card.refresh_from_db()
    return card


def use(http, ticket, code):
    return http.post(use_url(ticket), {"code": code}, follow=True)


def refused(http, ticket, code, message):
    response = use(http, ticket, code)
    assert message in " ".join(messages_of(response))
    assert not ticket.payments.exists()


def test_it_sells_a_certificate_for_a_value(as_front_desk, salon):
    ticket = walk_in_ticket(salon)
    data = {"what": "value", "amount": "50", "code": "CERT0001", "recipient": "Bea"}
    response = as_front_desk.post(sell_url(ticket), data, follow=True)
    assert "Gift certificate CERT 0001 is on the ticket" in " ".join(messages_of(response))
    line = ticket.lines.get()
    assert (line.kind, line.unit_price) == ("giftcard", 5000)
    as_front_desk.post(reverse("sales:pay", args=[ticket.pk]), {"method": "card", "amount": "50"})
    card = GiftCard.objects.get()
    assert card.is_certificate and card.balance == 5000 and card.issued_at
    assert outstanding(salon.business) == 5000


def test_it_sells_a_certificate_for_a_service_at_its_price(as_front_desk, salon):
    ticket = walk_in_ticket(salon)
    data = {"what": "service", "service": salon.colour.pk, "amount": "1"}
    response = as_front_desk.post(sell_url(ticket), data, follow=True)
    assert "for Full head colour is on the ticket" in " ".join(messages_of(response))
    card = GiftCard.objects.get()
    assert (card.certificate_service, card.initial_value) == (salon.colour, 8500)
    assert ticket.lines.get().unit_price == 8500


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"what": "value", "amount": ""}, "Enter the value of the certificate."),
        ({"what": "value", "amount": "-5"}, "An amount cannot be negative."),
        ({"what": "value", "amount": "0"}, "A gift card is worth between"),
        ({"what": "service", "service": ""}, "Choose the service the certificate is for."),
        ({"what": "service", "service": "nope"}, "Select a valid choice"),
        ({"what": "cheque", "amount": "5"}, "Select a valid choice"),
        ({"what": "value", "amount": "5", "code": "!!"}, "That is not a gift card number"),
    ],
)
def test_it_refuses_bad_input_when_selling(as_front_desk, salon, data, message):
    ticket = walk_in_ticket(salon)
    response = as_front_desk.post(sell_url(ticket), data, follow=True)
    assert message in " ".join(messages_of(response))
    assert not GiftCard.objects.exists() and not ticket.lines.exists()


def test_another_business_service_is_not_offered(as_front_desk, salon, other):
    ticket = walk_in_ticket(salon)
    data = {"what": "service", "service": other.colour.pk}
    response = as_front_desk.post(sell_url(ticket), data, follow=True)
    assert "Select a valid choice" in " ".join(messages_of(response))
    assert not GiftCard.objects.exists()


def test_a_value_certificate_is_used_once_and_whole(as_front_desk, salon):
    card = certificate(salon, 5000, code="CERT0001")
    ticket = colour_ticket(salon)
    response = use(as_front_desk, ticket, "cert-0001")
    assert "Gift certificate: £50.00." in messages_of(response)
    card.refresh_from_db()
    assert card.balance == 0
    assert list(card.movements.values_list("kind", "amount")) == [
        ("issued", 5000),
        ("redeemed", -5000),
    ]
    payment = ticket.payments.get()
    assert (payment.method, payment.amount) == ("gift_certificate", 5000)
    other_ticket = walk_in_ticket(salon)
    take = reverse("sales:pay", args=[ticket.pk])
    as_front_desk.post(take, {"method": "cash", "amount": "35"})
    from salonkeep.sales.tickets import add_product
    from tests.sales.helpers import shampoo

    add_product(other_ticket, shampoo(salon), 1)
    refused(as_front_desk, other_ticket, "CERT0001", f"already been used on ticket {ticket.number}")


def test_a_value_certificate_worth_more_than_is_due_is_refused(as_front_desk, salon):
    card = certificate(salon, 9000)
    ticket = colour_ticket(salon)
    refused(as_front_desk, ticket, card.code, "is worth £90.00, more than the £85.00 still due")
    card.refresh_from_db()
    assert card.balance == 9000


def test_a_service_certificate_pays_for_that_service(as_front_desk, salon):
    card = certificate(salon, service=salon.colour)
    salon.colour.price = 9500  # the price went up after it was sold
    salon.colour.save()
    ticket = colour_ticket(salon)  # booked at the new price
    response = use(as_front_desk, ticket, card.code)
    assert "Gift certificate: £95.00." in messages_of(response)
    ticket.refresh_from_db()
    card.refresh_from_db()
    assert ticket.status == TicketStatus.PAID and card.balance == 0


def test_a_service_certificate_needs_that_service_on_the_ticket(as_front_desk, salon):
    from salonkeep.sales.tickets import add_product
    from tests.sales.helpers import shampoo

    card = certificate(salon, service=salon.cut)
    ticket = colour_ticket(salon)
    refused(as_front_desk, ticket, card.code, "is for Cut and finish; there is none")
    add_product(walk_in := walk_in_ticket(salon), shampoo(salon), 1)
    refused(as_front_desk, walk_in, card.code, "there is none on this ticket")


def test_one_service_is_paid_by_one_certificate(as_front_desk, salon):
    first = certificate(salon, service=salon.colour)
    second = certificate(salon, service=salon.colour)
    ticket = colour_ticket(salon)
    ticket_tip = reverse("sales:tips", args=[ticket.pk])
    as_front_desk.post(
        ticket_tip, {"amount": "5", "how": "even", "members": [salon.stylist_member.pk]}
    )
    use(as_front_desk, ticket, first.code)
    response = use(as_front_desk, ticket, second.code)
    assert "Every Full head colour on this ticket has already been paid" in " ".join(
        messages_of(response)
    )
    second.refresh_from_db()
    assert second.balance == 8500 and ticket.payments.count() == 1


def test_cards_and_certificates_each_use_their_own_form(as_front_desk, salon):
    gift_card = sold_card(salon, 5000)
    cert = certificate(salon, 2000)
    ticket = colour_ticket(salon)
    refused(as_front_desk, ticket, gift_card.code, "is a gift card: take an amount from it")
    response = as_front_desk.post(
        reverse("giftcards:redeem", args=[ticket.pk]),
        {"code": cert.code, "amount": "10"},
        follow=True,
    )
    assert "is a gift certificate: it is used whole" in " ".join(messages_of(response))
    assert not ticket.payments.exists()


def test_a_certificate_is_refunded_in_cash_not_back_onto_it(as_manager, salon):
    cert = certificate(salon, 8500)
    ticket = colour_ticket(salon)
    use(as_manager, ticket, cert.code)
    response = as_manager.post(
        reverse("sales:refund", args=[ticket.pk]),
        {"method": "gift_card", "amount": "10", "reason": "Unhappy"},
        follow=True,
    )
    assert "At most £0.00 can go back onto gift cards" in " ".join(messages_of(response))
    cert.refresh_from_db()
    assert cert.balance == 0


def test_refusals_like_a_gift_card(as_front_desk, salon, other):
    rules = rules_for(salon.business)
    rules.expiry_allowed = True
    rules.save()
    from datetime import date

    old = certificate(salon, 2000)
    old.expires_on = date(2026, 11, 1)
    old.save()
    theirs = certificate(other, 2000, code="THEIRS01")
    ticket = colour_ticket(salon)
    refused(as_front_desk, ticket, old.code, "expired on 1 November 2026.")
    refused(as_front_desk, ticket, theirs.code, "No such gift card or certificate: THEIRS01.")
    refused(as_front_desk, ticket, "NOSUCH01", "No such gift card or certificate: NOSUCH01.")
    refused(as_front_desk, ticket, "1-2", "That is not a gift card number")
    refused(as_front_desk, ticket, "", "This field is required.")
    theirs.refresh_from_db()
    assert theirs.balance == 2000


@pytest.mark.parametrize(("role", "status"), [("owner", 302), ("manager", 302), ("stylist", 403)])
def test_who_may_sell_and_use_certificates(salon, role, status):
    cert = certificate(salon, 2000)
    ticket = colour_ticket(salon)
    http = logged_in(salon.user(role))
    assert http.post(use_url(ticket), {"code": cert.code}).status_code == status
    sale = walk_in_ticket(salon)
    data = {"what": "value", "amount": "20"}
    assert http.post(sell_url(sale), data).status_code == status
    assert sale.lines.exists() == (status == 302)


def test_anonymous_get_and_another_business_ticket(client, as_front_desk, salon, other):
    cert = certificate(salon, 2000)
    ticket = colour_ticket(salon)
    response = client.post(use_url(ticket), {"code": cert.code})
    assert response.status_code == 302 and "/login" in response["Location"]
    assert as_front_desk.get(use_url(ticket)).status_code == 405
    assert as_front_desk.get(sell_url(ticket)).status_code == 405
    theirs = walk_in_ticket(other)
    assert as_front_desk.post(use_url(theirs), {"code": cert.code}).status_code == 404
    assert as_front_desk.post(sell_url(theirs), {"what": "value", "amount": "5"}).status_code == 404
    cert.refresh_from_db()
    assert cert.balance == 2000
