"""Property: whatever happens to a card, its balance is the sum of its movements, each
movement's running balance is right, and it never goes below zero."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salonkeep.giftcards.ledger import GiftCardError, adjust, redeem
from salonkeep.sales.daylock import SaleError
from salonkeep.sales.payments import refund
from tests.giftcards.helpers import sold_card
from tests.sales.helpers import walk_in_ticket

steps = st.lists(
    st.tuples(
        st.sampled_from(["redeem", "adjust", "refund"]),
        st.integers(min_value=-3000, max_value=3000),
    ),
    max_size=8,
)


@pytest.mark.django_db
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(value=st.integers(min_value=1, max_value=5000), steps=steps)
def test_movements_always_add_up_to_the_balance(salon, value, steps):
    from salonkeep.sales.tickets import add_product
    from tests.sales.helpers import shampoo

    card = sold_card(salon, value)
    product = shampoo(salon, stock=1000, price=2000)
    last_paid = None
    for action, amount in steps:
        try:
            if action == "redeem":
                ticket = walk_in_ticket(salon)
                add_product(ticket, product, 1)
                redeem(ticket, salon.front_desk, card.code, amount)
                last_paid = ticket
            elif action == "adjust":
                adjust(card, salon.manager, amount, "Correction")
            elif last_paid is not None:
                refund(last_paid, salon.manager, "gift_card", amount, {}, "Back")
        except (GiftCardError, SaleError):
            pass
        card.refresh_from_db()
        rows = list(card.movements.all())
        assert card.balance == sum(row.amount for row in rows) >= 0
        running = 0
        for row in rows:
            running += row.amount
            assert row.balance_after == running >= 0
