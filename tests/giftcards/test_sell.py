"""Selling a gift card at checkout: a ticket line that becomes a balance owed (not
revenue) once the ticket is paid."""

from datetime import date

import pytest
from django.urls import reverse

from salonkeep.giftcards.ledger import (
    GiftCardError,
    find_card,
    outstanding,
    rules_for,
    sell_gift_card,
)
from salonkeep.giftcards.models import GiftCard, GiftCardMovement
from salonkeep.sales.daylock import SaleError
from salonkeep.sales.models import LineKind, TicketStatus
from salonkeep.sales.tickets import set_ticket_discount
from tests.conftest import logged_in
from tests.giftcards.helpers import messages_of, sell_url
from tests.sales.helpers import walk_in_ticket


def sell(http, ticket, amount="50", **extra):
    return http.post(sell_url(ticket), {"amount": amount} | extra, follow=True)


def test_it_sells_a_card_that_is_issued_when_the_ticket_is_paid(as_front_desk, salon):
    ticket = walk_in_ticket(salon, salon.client)
    response = sell(as_front_desk, ticket, "50", recipient="Bea", code="1111 2222 3333")
    assert "Gift card 1111 2222 3333 for £50.00 is on the ticket" in " ".join(messages_of(response))
    line = ticket.lines.get()
    assert (line.kind, line.unit_price, line.tax_basis_points) == (LineKind.GIFT_CARD, 5000, 0)
    card = GiftCard.objects.get()
    assert (card.code, card.balance, card.issued_at, card.recipient) == (
        "111122223333",
        0,
        None,
        "Bea",
    )
    # Not paid for yet: it cannot be found, and the salon owes nothing on it.
    with pytest.raises(GiftCardError, match="No such gift card"):
        find_card(salon.business, "111122223333")
    assert outstanding(salon.business) == 0

    as_front_desk.post(reverse("sales:pay", args=[ticket.pk]), {"method": "cash", "amount": "50"})
    ticket.refresh_from_db()
    card.refresh_from_db()
    assert ticket.status == TicketStatus.PAID
    assert card.balance == 5000 and card.issued_at and card.purchaser == salon.client
    movement = GiftCardMovement.objects.get()
    assert (movement.kind, movement.amount, movement.balance_after) == ("issued", 5000, 5000)
    assert outstanding(salon.business) == 5000


def test_it_makes_up_a_number_when_none_is_given(as_front_desk, salon):
    ticket = walk_in_ticket(salon)
    sell(as_front_desk, ticket, "20")
    card = GiftCard.objects.get()
    assert len(card.code) == 12 and card.code.isdigit()


def test_taking_the_line_off_drops_the_unpaid_card(as_front_desk, salon):
    ticket = walk_in_ticket(salon)
    sell(as_front_desk, ticket, "20")
    line = ticket.lines.get()
    as_front_desk.post(reverse("sales:remove_line", args=[ticket.pk, line.pk]))
    assert not GiftCard.objects.exists()


def test_a_gift_card_takes_no_discount(as_front_desk, salon):
    ticket = walk_in_ticket(salon)
    sell(as_front_desk, ticket, "20")
    line = ticket.lines.get()
    response = as_front_desk.post(
        reverse("sales:line_discount", args=[ticket.pk, line.pk]),
        {"kind": "percent", "value": "10"},
        follow=True,
    )
    assert "it takes no discount" in " ".join(messages_of(response))
    with pytest.raises(SaleError, match="discount the other lines"):
        set_ticket_discount(ticket, "amount", 500)
    line.refresh_from_db()
    ticket.refresh_from_db()
    assert (line.discount_kind, ticket.discount_kind) == ("", "")


def test_it_will_not_sell_a_card_on_a_discounted_ticket(as_front_desk, salon):
    ticket = walk_in_ticket(salon)
    set_ticket_discount(ticket, "amount", 100)
    response = sell(as_front_desk, ticket, "20")
    assert "sold at their full value" in " ".join(messages_of(response))
    assert not ticket.lines.exists()


def test_expiry_only_where_the_business_allows_it(as_front_desk, salon):
    ticket = walk_in_ticket(salon)
    # The field is not offered, and a date sent anyway is not used.
    page = as_front_desk.get(reverse("sales:ticket", args=[ticket.pk])).content.decode()
    assert 'name="expires_on"' not in page
    sell(as_front_desk, ticket, "20", expires_on="2027-11-24")
    assert GiftCard.objects.get().expires_on is None

    rules = rules_for(salon.business)
    rules.expiry_allowed = True
    rules.save()
    other_ticket = walk_in_ticket(salon)
    sell(as_front_desk, other_ticket, "20", expires_on="2027-11-24")
    assert GiftCard.objects.get(sold_on__ticket=other_ticket).expires_on == date(2027, 11, 24)
    response = sell(as_front_desk, other_ticket, "20", expires_on="2026-11-24")
    assert "The expiry date must be after today." in messages_of(response)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"amount": "-5"}, "An amount cannot be negative."),
        ({"amount": "0"}, "A gift card is worth between £0.01 and £10,000.00."),
        ({"amount": "20000"}, "A gift card is worth between"),
        ({"amount": "twenty"}, "is not an amount such as 45.00"),
        ({"amount": ""}, "This field is required."),
        ({"amount": "20", "code": "12"}, "That is not a gift card number"),
        ({"amount": "20", "code": "1234-5678-ÄÖ"}, "That is not a gift card number"),
        ({"amount": "20", "code": "9" * 31}, "at most 30 characters"),
        ({"amount": "20", "recipient": "x" * 121}, "at most 120 characters"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(as_front_desk, salon, data, message):
    ticket = walk_in_ticket(salon)
    response = as_front_desk.post(sell_url(ticket), data, follow=True)
    assert message in " ".join(messages_of(response))
    assert not GiftCard.objects.exists() and not ticket.lines.exists()


def test_it_refuses_a_number_already_in_use(as_front_desk, salon):
    ticket = walk_in_ticket(salon)
    sell(as_front_desk, ticket, "20", code="ABC123")
    response = sell(as_front_desk, ticket, "30", code="abc-123")
    assert "There is already a gift card or certificate ABC123." in messages_of(response)
    assert ticket.lines.count() == 1


def test_the_same_number_may_exist_in_another_business(as_front_desk, salon, other):
    sell_gift_card(walk_in_ticket(other), 2000, code="ABC123")
    sell(as_front_desk, walk_in_ticket(salon), "20", code="ABC123")
    assert GiftCard.objects.filter(code="ABC123").count() == 2


@pytest.mark.parametrize(("role", "status"), [("owner", 302), ("manager", 302), ("stylist", 403)])
def test_who_may_sell(salon, role, status):
    ticket = walk_in_ticket(salon)
    response = logged_in(salon.user(role)).post(sell_url(ticket), {"amount": "20"})
    assert response.status_code == status
    assert GiftCard.objects.exists() == (status == 302)


def test_anonymous_is_sent_to_log_in_and_get_is_not_allowed(client, as_front_desk, salon):
    ticket = walk_in_ticket(salon)
    response = client.post(sell_url(ticket), {"amount": "20"})
    assert response.status_code == 302 and "/login" in response["Location"]
    assert as_front_desk.get(sell_url(ticket)).status_code == 405


def test_another_business_ticket_is_not_found(as_front_desk, other):
    ticket = walk_in_ticket(other)
    assert as_front_desk.post(sell_url(ticket), {"amount": "20"}).status_code == 404
    assert not GiftCard.objects.exists()


def test_a_number_reserved_on_a_voided_ticket_can_be_sold_again(as_front_desk, salon):
    voided = walk_in_ticket(salon)
    sell(as_front_desk, voided, "20", code="ABC123")
    as_front_desk.post(reverse("sales:void", args=[voided.pk]), {"reason": "Changed mind"})
    ticket = walk_in_ticket(salon)
    response = sell(as_front_desk, ticket, "30", code="ABC123")
    assert "Gift card ABC1 23 for £30.00 is on the ticket" in " ".join(messages_of(response))
    assert GiftCard.objects.get().sold_on.ticket == ticket
    assert voided.lines.count() == 1  # the voided sale keeps its line
