"""Tax, discounts and tip splits in integer minor units: the parts always add up."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from salonkeep.lib.splits import split_by_weights, split_evenly
from salonkeep.sales.pricing import LineInput, discount_of, price_ticket, round_half_up

amounts = st.integers(min_value=0, max_value=10_000_000)
kinds = st.sampled_from(["", "amount", "percent"])
lines = st.builds(
    LineInput,
    unit_price=st.integers(min_value=0, max_value=1_000_000),
    quantity=st.integers(min_value=1, max_value=99),
    tax_basis_points=st.integers(min_value=0, max_value=10_000),
    tax_inclusive=st.booleans(),
    discount_kind=kinds,
    discount_value=st.integers(min_value=0, max_value=2_000_000),
)


@given(amounts, st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12))
def test_it_splits_by_weights_into_parts_that_add_up(amount, weights):
    if not any(weights):
        with pytest.raises(ValueError):
            split_by_weights(amount, weights)
        return
    parts = split_by_weights(amount, weights)
    assert sum(parts) == amount
    total = sum(weights)
    for part, weight in zip(parts, weights, strict=True):
        assert part >= 0
        # Never more than one minor unit away from the exact share.
        assert abs(part * total - amount * weight) < total
        if weight == 0:
            assert part == 0


@given(amounts, st.integers(min_value=1, max_value=20))
def test_it_splits_evenly_within_one_minor_unit(amount, count):
    parts = split_evenly(amount, count)
    assert sum(parts) == amount
    assert max(parts) - min(parts) <= 1
    assert parts == sorted(parts, reverse=True)  # the extra pennies go to the first


def test_it_gives_the_odd_penny_to_the_first():
    assert split_evenly(1001, 2) == [501, 500]
    assert split_evenly(100, 3) == [34, 33, 33]
    assert split_by_weights(1000, [2, 1]) == [667, 333]


def test_it_refuses_nonsense_splits():
    for args in [(-1, [1]), (10, []), (10, [1, -1])]:
        with pytest.raises(ValueError):
            split_by_weights(*args)
    with pytest.raises(ValueError):
        split_evenly(10, 0)


def test_it_rounds_halves_up():
    assert round_half_up(5, 10) == 1
    assert round_half_up(4, 10) == 0
    assert round_half_up(15, 10) == 2
    assert round_half_up(25, 10) == 3  # half-up, not banker's rounding


def test_it_works_out_inclusive_and_exclusive_tax():
    inclusive = price_ticket([LineInput(8500, 1, 2000, True)])
    assert (inclusive.tax, inclusive.total) == (1417, 8500)  # 8500 / 6 = 1416.67
    exclusive = price_ticket([LineInput(8500, 1, 2000, False)])
    assert (exclusive.tax, exclusive.total) == (1700, 10200)


def test_it_shares_a_ticket_discount_between_lines():
    priced = price_ticket(
        [LineInput(8500, 1), LineInput(1200, 2, discount_kind="percent", discount_value=5000)],
        "amount",
        1000,
        tips=500,
    )
    assert [line.line_discount for line in priced.lines] == [0, 1200]
    assert [line.ticket_discount for line in priced.lines] == [876, 124]
    assert priced.total == 8500 + 1200 - 1000
    assert priced.due == priced.total + 500


def test_it_never_discounts_more_than_the_amount():
    assert discount_of(500, "amount", 900) == 500
    assert discount_of(500, "percent", 20_000) == 500
    assert discount_of(500, "", 300) == 0


@given(st.lists(lines, max_size=10), kinds, st.integers(min_value=0, max_value=2_000_000), amounts)
def test_it_adds_up_every_ticket(items, kind, value, tips):
    priced = price_ticket(items, kind, value, tips)
    assert priced.subtotal == sum(line.unit_price * line.quantity for line in items)
    assert 0 <= priced.discount <= priced.subtotal
    exclusive_tax = sum(
        price.tax for price, line in zip(priced.lines, items, strict=True) if not line.tax_inclusive
    )
    assert priced.total == priced.subtotal - priced.discount + exclusive_tax
    assert priced.tax == sum(price.tax for price in priced.lines)
    assert priced.due == priced.total + tips
    for price, line in zip(priced.lines, items, strict=True):
        assert price.amount == price.line_discount + price.ticket_discount + price.net
        assert price.net >= 0 and price.tax >= 0
        if line.tax_inclusive:
            assert price.tax <= price.net
            assert price.total == price.net
        else:
            assert price.total == price.net + price.tax
