"""The balance page, the list with the outstanding liability, a card's ledger, balance
adjustments and the gift card rules, with who may see and do what."""

import pytest
from django.urls import reverse

from salonkeep.giftcards.models import GiftCardMovement, GiftCardRules
from tests.conftest import logged_in
from tests.giftcards.helpers import messages_of, sold_card

BALANCE = reverse("giftcards:balance")
LIST = reverse("giftcards:list")
RULES = reverse("giftcards:rules")


def adjust_url(card):
    return reverse("giftcards:adjust", args=[card.pk])


def detail_url(card):
    return reverse("giftcards:detail", args=[card.pk])


def test_the_front_desk_checks_a_balance(as_front_desk, salon):
    card = sold_card(salon, 5000, code="123412341234")
    page = as_front_desk.get(BALANCE, {"code": "1234 1234 1234"}).content.decode()
    assert "Gift card 1234 1234 1234" in page
    assert "£50.00</strong> left of £50.00" in page
    assert "Never expires." in page
    assert "Adjust the balance" not in page  # managers only
    assert detail_url(card) not in page


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("NOSUCH01", "No such gift card or certificate: NOSUCH01."),
        ("1", "That is not a gift card number"),
    ],
)
def test_the_balance_page_says_what_is_wrong(as_front_desk, salon, code, message):
    page = as_front_desk.get(BALANCE, {"code": code}).content.decode()
    assert message in page
    assert 'id="gift-card"' not in page


def test_another_business_card_has_no_balance_here(as_front_desk, salon, other):
    sold_card(other, 5000, code="OTHER0001")
    page = as_front_desk.get(BALANCE, {"code": "OTHER0001"}).content.decode()
    assert "No such gift card or certificate: OTHER0001." in page and "£50.00" not in page


@pytest.mark.parametrize(
    ("role", "status"), [("owner", 200), ("manager", 200), ("front_desk", 200), ("stylist", 403)]
)
def test_who_may_check_a_balance(salon, role, status):
    assert logged_in(salon.user(role)).get(BALANCE).status_code == status


def test_owners_and_managers_see_what_is_owed_on_all_cards(as_manager, salon, other):
    sold_card(salon, 5000)
    spent = sold_card(salon, 2000)
    sold_card(other, 9900)
    from salonkeep.giftcards.ledger import adjust

    adjust(spent, salon.manager, -2000, "Refunded in cash")
    page = as_manager.get(LIST).content.decode()
    assert "Outstanding: £50.00" in page
    assert "1 of the 2 sold still have value on them" in page
    assert "liability, not revenue" in page
    assert "£99.00" not in page


@pytest.mark.parametrize(
    ("role", "status"), [("owner", 200), ("manager", 200), ("front_desk", 403), ("stylist", 403)]
)
def test_who_may_see_the_list_and_a_card(salon, role, status):
    card = sold_card(salon)
    http = logged_in(salon.user(role))
    assert http.get(LIST).status_code == status
    assert http.get(detail_url(card)).status_code == status


def test_a_manager_adjusts_a_balance_with_a_reason(as_manager, salon):
    card = sold_card(salon, 5000)
    data = {"direction": "take", "amount": "12.50", "reason": "Sold twice by mistake"}
    response = as_manager.post(adjust_url(card), data, follow=True)
    assert "The balance is now £37.50." in messages_of(response)
    as_manager.post(adjust_url(card), {"direction": "add", "amount": "2.50", "reason": "Goodwill"})
    card.refresh_from_db()
    assert card.balance == 4000
    assert list(card.movements.values_list("kind", "amount", "reason", "created_by")) == [
        ("issued", 5000, f"Sold on Ticket {card.sold_on.ticket.number}", salon.front_desk.pk),
        ("adjusted", -1250, "Sold twice by mistake", salon.manager.pk),
        ("adjusted", 250, "Goodwill", salon.manager.pk),
    ]
    page = as_manager.get(detail_url(card)).content.decode()
    assert "Sold twice by mistake" in page and "£40.00" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"direction": "take", "amount": "50.01", "reason": "x"}, "at most £50.00 can come off"),
        ({"direction": "take", "amount": "-5", "reason": "x"}, "An amount cannot be negative."),
        ({"direction": "add", "amount": "0", "reason": "x"}, "must change the balance"),
        ({"direction": "add", "amount": "5", "reason": ""}, "This field is required."),
        ({"direction": "add", "amount": "5", "reason": "   "}, "This field is required."),
        ({"direction": "add", "amount": "5", "reason": "x" * 201}, "at most 200 characters"),
        ({"direction": "steal", "amount": "5", "reason": "x"}, "Select a valid choice"),
        ({"direction": "add", "amount": "lots", "reason": "x"}, "is not an amount such as"),
    ],
)
def test_a_bad_adjustment_is_refused_and_changes_nothing(as_manager, salon, data, message):
    card = sold_card(salon, 5000)
    response = as_manager.post(adjust_url(card), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    card.refresh_from_db()
    assert card.balance == 5000 and card.movements.count() == 1


@pytest.mark.parametrize(("role", "status"), [("front_desk", 403), ("stylist", 403)])
def test_only_owners_and_managers_adjust(salon, role, status):
    card = sold_card(salon, 5000)
    data = {"direction": "add", "amount": "5", "reason": "x"}
    assert logged_in(salon.user(role)).post(adjust_url(card), data).status_code == status
    assert GiftCardMovement.objects.count() == 1


def test_another_business_card_is_not_found_and_methods_are_checked(as_manager, salon, other):
    card = sold_card(other, 5000)
    data = {"direction": "add", "amount": "5", "reason": "x"}
    assert as_manager.get(detail_url(card)).status_code == 404
    assert as_manager.post(adjust_url(card), data).status_code == 404
    assert as_manager.get(reverse("giftcards:detail", args=[999999])).status_code == 404
    own = sold_card(salon, 5000)
    assert as_manager.get(adjust_url(own)).status_code == 405
    assert as_manager.post(detail_url(own)).status_code == 405
    assert as_manager.post(LIST).status_code == 405
    assert as_manager.get(RULES).status_code == 405
    card.refresh_from_db()
    assert card.balance == 5000


def test_anonymous_is_sent_to_log_in(client, salon):
    card = sold_card(salon)
    for response in (client.get(BALANCE), client.get(LIST), client.get(detail_url(card))):
        assert response.status_code == 302 and "/login" in response["Location"]


def test_the_owner_allows_expiry(as_owner, as_front_desk, salon):
    response = as_owner.post(RULES, {"expiry_allowed": "on"}, follow=True)
    assert "Gift cards may now be given an expiry date." in messages_of(response)
    assert GiftCardRules.objects.get(business=salon.business).expiry_allowed
    as_owner.post(RULES, {})
    assert not GiftCardRules.objects.get(business=salon.business).expiry_allowed
    assert as_front_desk.post(RULES, {"expiry_allowed": "on"}).status_code == 403
    assert not GiftCardRules.objects.get(business=salon.business).expiry_allowed
