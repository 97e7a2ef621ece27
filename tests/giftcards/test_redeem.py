"""Paying a ticket with a gift card (partly or wholly), the refusals, and refunds that
put the money back onto the card."""

from datetime import date

import pytest
from django.urls import reverse

from salonkeep.giftcards.ledger import outstanding, rules_for, sell_gift_card
from salonkeep.giftcards.models import GiftCard
from salonkeep.sales.models import Payment, TicketStatus
from tests.conftest import logged_in
from tests.giftcards.helpers import colour_ticket, messages_of, redeem_url, sold_card
from tests.sales.helpers import walk_in_ticket


def redeem(http, ticket, code, amount):
    return http.post(redeem_url(ticket), {"code": code, "amount": amount}, follow=True)


def movements(card):
    return list(card.movements.values_list("kind", "amount", "balance_after"))


def test_it_pays_part_by_gift_card_and_the_rest_in_cash(as_front_desk, salon):
    card = sold_card(salon, 5000, code="GIFT0001")
    ticket = colour_ticket(salon)
    response = redeem(as_front_desk, ticket, "gift 0001", "30")
    assert "Gift card: £30.00." in messages_of(response)
    card.refresh_from_db()
    assert card.balance == 2000
    assert movements(card) == [("issued", 5000, 5000), ("redeemed", -3000, 2000)]
    payment = ticket.payments.get()
    assert (payment.method, payment.amount, payment.reference) == ("gift_card", 3000, "GIFT0001")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    as_front_desk.post(reverse("sales:pay", args=[ticket.pk]), {"method": "cash", "amount": "55"})
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.PAID
    assert outstanding(salon.business) == 2000


def test_a_gift_card_can_pay_the_whole_ticket(as_front_desk, salon):
    card = sold_card(salon, 10000)
    ticket = colour_ticket(salon)
    redeem(as_front_desk, ticket, card.code, "85")
    ticket.refresh_from_db()
    card.refresh_from_db()
    assert ticket.status == TicketStatus.PAID and card.balance == 1500


def refused(http, ticket, code, amount, message):
    response = redeem(http, ticket, code, amount)
    assert message in " ".join(messages_of(response))
    assert not ticket.payments.exists()


def test_it_refuses_more_than_the_balance(as_front_desk, salon):
    card = sold_card(salon, 2000)
    ticket = colour_ticket(salon)
    refused(as_front_desk, ticket, card.code, "20.01", "has only £20.00 left.")
    card.refresh_from_db()
    assert card.balance == 2000 and card.movements.count() == 1


def test_it_refuses_more_than_is_due(as_front_desk, salon):
    card = sold_card(salon, 20000)
    ticket = colour_ticket(salon)
    refused(as_front_desk, ticket, card.code, "85.01", "cannot be more than the £85.00 still due")


def test_it_refuses_an_expired_card(as_front_desk, salon):
    rules = rules_for(salon.business)
    rules.expiry_allowed = True
    rules.save()
    card = sold_card(salon, 2000, expires_on=date(2026, 11, 25))
    card.expires_on = date(2026, 11, 23)  # as if it had been sold a year ago
    card.save()
    ticket = colour_ticket(salon)
    refused(as_front_desk, ticket, card.code, "10", "expired on 23 November 2026.")
    card.expires_on = date(2026, 11, 24)  # the last day it can be used: today
    card.save()
    redeem(as_front_desk, ticket, card.code, "10")
    card.refresh_from_db()
    assert card.balance == 1000


def test_it_refuses_a_card_whose_sale_is_not_paid(as_front_desk, salon):
    sell_gift_card(walk_in_ticket(salon), 5000, code="UNPAID01")
    ticket = colour_ticket(salon)
    refused(as_front_desk, ticket, "UNPAID01", "10", "No such gift card or certificate: UNPAID01.")


def test_another_business_card_is_no_such_card(as_front_desk, salon, other):
    card = sold_card(other, 5000, code="OTHER0001")
    ticket = colour_ticket(salon)
    refused(as_front_desk, ticket, card.code, "10", "No such gift card or certificate: OTHER0001.")
    card.refresh_from_db()
    assert card.balance == 5000


@pytest.mark.parametrize(
    ("code", "amount", "message"),
    [
        ("NOSUCH01", "10", "No such gift card or certificate: NOSUCH01."),
        ("12", "10", "That is not a gift card number"),
        ("<script>", "10", "That is not a gift card number"),
        ("", "10", "This field is required."),
        ("X" * 31, "10", "at most 30 characters"),
        ("GIFT0001", "-10", "An amount cannot be negative."),
        ("GIFT0001", "0", "A payment must be more than zero."),
        ("GIFT0001", "ten", "is not an amount such as 45.00"),
    ],
)
def test_it_refuses_bad_input(as_front_desk, salon, code, amount, message):
    card = sold_card(salon, 5000, code="GIFT0001")
    ticket = colour_ticket(salon)
    refused(as_front_desk, ticket, code, amount, message)
    card.refresh_from_db()
    assert card.balance == 5000


def test_it_refuses_to_pay_a_voided_ticket(as_front_desk, salon):
    card = sold_card(salon, 5000)
    ticket = colour_ticket(salon)
    as_front_desk.post(reverse("sales:void", args=[ticket.pk]), {"reason": "Mistake"})
    refused(as_front_desk, ticket, card.code, "10", "was voided")


def test_a_refund_by_gift_card_goes_back_onto_the_card(as_manager, salon):
    card = sold_card(salon, 5000)
    ticket = colour_ticket(salon)
    redeem(as_manager, ticket, card.code, "50")
    as_manager.post(reverse("sales:pay", args=[ticket.pk]), {"method": "cash", "amount": "35"})
    refund_url = reverse("sales:refund", args=[ticket.pk])
    data = {"method": "gift_card", "reason": "Colour redone"}
    response = as_manager.post(refund_url, data | {"amount": "50.01"}, follow=True)
    assert "At most £50.00 can go back onto gift cards" in " ".join(messages_of(response))
    assert not ticket.payments.filter(kind="refund").exists()

    as_manager.post(refund_url, data | {"amount": "20"})
    as_manager.post(refund_url, data | {"amount": "30"})
    card.refresh_from_db()
    assert card.balance == 5000
    assert movements(card)[-2:] == [("refunded", 2000, 2000), ("refunded", 3000, 5000)]
    assert card.movements.last().reason == "Colour redone"
    response = as_manager.post(refund_url, data | {"amount": "1"}, follow=True)
    assert "At most £0.00 can go back onto gift cards" in " ".join(messages_of(response))
    assert list(Payment.objects.filter(kind="refund").values_list("method", "amount")) == [
        ("gift_card", -2000),
        ("gift_card", -3000),
    ]


def test_a_card_bought_with_a_gift_card_is_issued_when_that_pays_the_ticket(as_front_desk, salon):
    old = sold_card(salon, 5000)
    ticket = walk_in_ticket(salon)
    new = sell_gift_card(ticket, 2500, code="NEWCARD1")
    redeem(as_front_desk, ticket, old.code, "25")
    new.refresh_from_db()
    assert new.balance == 2500 and new.issued_at
    assert outstanding(salon.business) == 5000


@pytest.mark.parametrize(("role", "status"), [("owner", 302), ("manager", 302), ("stylist", 403)])
def test_who_may_take_a_gift_card(salon, role, status):
    card = sold_card(salon, 5000)
    ticket = colour_ticket(salon)
    response = logged_in(salon.user(role)).post(
        redeem_url(ticket), {"code": card.code, "amount": "10"}
    )
    assert response.status_code == status
    card.refresh_from_db()
    assert card.balance == (4000 if status == 302 else 5000)


def test_anonymous_get_and_another_business_ticket(client, as_front_desk, salon, other):
    card = sold_card(salon, 5000)
    ticket = colour_ticket(salon)
    data = {"code": card.code, "amount": "10"}
    response = client.post(redeem_url(ticket), data)
    assert response.status_code == 302 and "/login" in response["Location"]
    assert as_front_desk.get(redeem_url(ticket)).status_code == 405
    assert as_front_desk.post(redeem_url(walk_in_ticket(other)), data).status_code == 404
    assert GiftCard.objects.get(pk=card.pk).balance == 5000
