"""Today's cash drawer: opening it with a float, pay-ins and pay-outs, expected cash."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salonkeep.drawer.cash import DrawerError, add_entry, cash_balance
from salonkeep.drawer.denominations import denominations, total_of
from salonkeep.drawer.models import Drawer, DrawerEntry, EntryKind
from salonkeep.sales.models import PaymentMethod, Tip
from salonkeep.sales.payments import Tender, refund
from tests.conftest import logged_in
from tests.drawer.helpers import colour_ticket, drawer_for, messages_of, pay_colour

TODAY = reverse("drawer:today")
OPEN = reverse("drawer:open")


def entry_url(drawer):
    return reverse("drawer:entry", args=[drawer.pk])


def test_it_opens_the_drawer_with_a_float_total(as_front_desk, salon):
    response = as_front_desk.post(
        OPEN, {"location": salon.location.pk, "float_total": "100.00"}, follow=True
    )
    drawer = Drawer.objects.get(business=salon.business)
    assert drawer.opening_float == 10000 and drawer.opening_counts == {}
    assert "Drawer opened with a float of £100.00." in messages_of(response)
    assert "£100.00" in response.content.decode()


def test_it_opens_the_drawer_counted_note_by_note(as_manager, salon):
    as_manager.post(
        OPEN,
        {"location": salon.location.pk, "count_n2000": "3", "count_c200": "4", "count_c5": "1"},
    )
    drawer = Drawer.objects.get(business=salon.business)
    assert drawer.opening_float == 6805
    assert drawer.opening_counts == {"n2000": 3, "c200": 4, "c5": 1}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"count_n2000": "-1"}, "A count cannot be negative."),
        ({"count_n2000": "two"}, "Enter how many, as a whole number."),
        ({"float_total": "-5"}, "An amount cannot be negative."),
        ({"float_total": "lots"}, "is not an amount such as 45.00"),
        ({}, "Count the float note by note, or enter its total."),
    ],
)
def test_it_refuses_a_bad_float(as_front_desk, salon, fields, message):
    response = as_front_desk.post(OPEN, {"location": salon.location.pk, **fields})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Drawer.objects.exists()


def test_it_refuses_another_business_location(as_front_desk, salon, other):
    response = as_front_desk.post(OPEN, {"location": other.location.pk, "float_total": "10"})
    assert response.status_code == 400 and not Drawer.objects.exists()


def test_it_refuses_opening_twice(as_front_desk, salon):
    drawer_for(salon)
    response = as_front_desk.post(
        OPEN, {"location": salon.location.pk, "float_total": "50"}, follow=True
    )
    assert "Today's drawer is already open." in messages_of(response)
    assert Drawer.objects.get().opening_float == 10000


def test_it_expects_float_plus_cash_kept_plus_pay_ins_minus_pay_outs(salon):
    drawer = drawer_for(salon, 5000)
    # £100 handed over for £85: £15 change, so the drawer keeps £85.
    pay_colour(salon)
    card = pay_colour(salon, Tender(PaymentMethod.CARD, 8500), hour=13)[0]
    refund(card.ticket, salon.manager, PaymentMethod.CASH, 1000, {}, "Unhappy with the tone")
    add_entry(drawer, salon.front_desk, EntryKind.PAY_IN, 2000, "Change from the bank")
    add_entry(drawer, salon.front_desk, EntryKind.PAY_OUT, 350, "Milk")
    balance = cash_balance(drawer)
    assert balance.cash_payments == 8500 - 1000
    assert balance.expected == 5000 + 7500 + 2000 - 350 == 14150


def test_it_shows_the_expected_cash(as_front_desk, salon):
    drawer_for(salon, 5000)
    pay_colour(salon)
    text = as_front_desk.get(TODAY).content.decode()
    assert 'id="expected-cash">£135.00<' in text


def test_it_records_a_pay_out_with_a_reason(as_front_desk, salon):
    drawer = drawer_for(salon)
    response = as_front_desk.post(
        entry_url(drawer), {"kind": "pay_out", "amount": "3.50", "reason": "Milk"}, follow=True
    )
    entry = DrawerEntry.objects.get()
    assert (entry.kind, entry.amount, entry.reason) == ("pay_out", 350, "Milk")
    assert entry.created_by == salon.front_desk
    assert "Pay-out of £3.50 recorded." in messages_of(response)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "pay_in", "amount": "5", "reason": ""}, "Say why the cash goes in or out."),
        ({"kind": "pay_in", "amount": "-5", "reason": "x"}, "An amount cannot be negative."),
        ({"kind": "pay_in", "amount": "0", "reason": "x"}, "The amount must be more than zero."),
        ({"kind": "pay_in", "amount": "abc", "reason": "x"}, "is not an amount"),
        ({"kind": "steal", "amount": "5", "reason": "x"}, "Select a valid choice."),
        ({"kind": "pay_in", "amount": "5", "reason": "x" * 201}, "at most 200 characters"),
    ],
)
def test_it_refuses_a_bad_entry(as_front_desk, salon, fields, message):
    drawer = drawer_for(salon)
    response = as_front_desk.post(entry_url(drawer), fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not DrawerEntry.objects.exists()


def test_a_card_tip_paid_in_cash_is_a_pay_out_linked_to_the_tip(as_front_desk, salon):
    drawer = drawer_for(salon)
    tip = Tip.objects.create(
        business=salon.business,
        ticket=colour_ticket(salon),
        team_member=salon.stylist_member,
        amount=1000,
    )
    as_front_desk.post(entry_url(drawer), {"kind": "pay_out", "amount": "6", "tip": tip.pk})
    entry = DrawerEntry.objects.get()
    assert entry.tip == tip and entry.reason == "Card tip for Sam Stylist paid in cash"
    response = as_front_desk.post(
        entry_url(drawer), {"kind": "pay_out", "amount": "4.01", "tip": tip.pk}
    )
    assert "At most £4.00 of this tip is left to pay out." in response.content.decode()
    assert DrawerEntry.objects.count() == 1
    response = as_front_desk.post(
        entry_url(drawer), {"kind": "pay_in", "amount": "1", "tip": tip.pk}
    )
    assert "A tip handed over in cash is a pay-out." in response.content.decode()
    assert cash_balance(drawer).pay_outs == 600


def test_it_refuses_another_business_tip(as_front_desk, salon, other):
    drawer = drawer_for(salon)
    tip = Tip.objects.create(
        business=other.business,
        ticket=colour_ticket(other),
        team_member=other.stylist_member,
        amount=1000,
    )
    response = as_front_desk.post(
        entry_url(drawer), {"kind": "pay_out", "amount": "1", "tip": tip.pk}
    )
    assert response.status_code == 400 and not DrawerEntry.objects.exists()


def test_it_refuses_entries_on_another_business_drawer(as_front_desk, other):
    drawer = drawer_for(other)
    response = as_front_desk.post(
        entry_url(drawer), {"kind": "pay_in", "amount": "1", "reason": "x"}
    )
    assert response.status_code == 404 and not DrawerEntry.objects.exists()


def test_it_refuses_entries_on_an_earlier_day(salon):
    drawer = drawer_for(salon)
    Drawer.objects.filter(pk=drawer.pk).update(date=drawer.date.replace(day=23))
    drawer.refresh_from_db()
    with pytest.raises(DrawerError, match="Only today's drawer"):
        add_entry(drawer, salon.front_desk, EntryKind.PAY_IN, 100, "Late")
    response = logged_in(salon.front_desk).post(
        entry_url(drawer), {"kind": "pay_in", "amount": "1", "reason": "x"}, follow=True
    )
    assert "record the correction on today" in " ".join(messages_of(response))


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk"])
def test_it_lets_bookers_see_the_drawer(salon, role):
    assert logged_in(salon.user(role)).get(TODAY).status_code == 200


def test_it_keeps_stylists_and_strangers_out(as_stylist, client, salon):
    drawer = drawer_for(salon)
    assert as_stylist.get(TODAY).status_code == 403
    assert as_stylist.post(OPEN, {}).status_code == 403
    assert as_stylist.post(entry_url(drawer), {}).status_code == 403
    assert client.get(TODAY).status_code == 302
    assert "/login/" in client.get(TODAY)["Location"]


def test_it_refuses_the_wrong_method(as_front_desk, salon):
    drawer = drawer_for(salon)
    assert as_front_desk.post(TODAY).status_code == 405
    assert as_front_desk.get(OPEN).status_code == 405
    assert as_front_desk.get(entry_url(drawer)).status_code == 405


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    entries=st.lists(
        st.tuples(st.sampled_from(EntryKind.values), st.integers(min_value=1, max_value=99_999)),
        max_size=6,
    )
)
def test_expected_cash_moves_by_exactly_each_entry(salon, entries):
    drawer = Drawer.objects.filter(business=salon.business).first() or drawer_for(salon, 4321)
    before = cash_balance(drawer).expected
    for kind, amount in entries:
        add_entry(drawer, salon.front_desk, kind, amount, "Counted")
    moved = sum(amount if kind == EntryKind.PAY_IN else -amount for kind, amount in entries)
    assert cash_balance(drawer).expected == before + moved


@settings(max_examples=50, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=500), min_size=12, max_size=12))
def test_a_count_is_worth_exactly_its_notes_and_coins(pieces):
    kinds = denominations("GBP")
    counts = {d.key: n for d, n in zip(kinds, pieces, strict=True)}
    assert total_of(counts, "GBP") == sum(d.value * n for d, n in zip(kinds, pieces, strict=True))
    assert isinstance(total_of(counts, "GBP"), int)


@pytest.mark.parametrize("currency", ["GBP", "EUR", "USD", "JPY", "CHF", "SEK"])
def test_every_currency_has_its_own_notes_and_coins(currency):
    kinds = denominations(currency)
    assert len({d.key for d in kinds}) == len(kinds) and all(d.value > 0 for d in kinds)
    with pytest.raises(ValueError, match="not a"):
        total_of({"n3": 1}, currency)
