"""The last use of a coupon, asked for by several tills at the same moment, is given once
(SQLite: IMMEDIATE transactions; PostgreSQL: the row lock on the coupon)."""

from __future__ import annotations

import time

import pytest

from salonkeep.coupons import rules
from salonkeep.coupons.models import Coupon, CouponUse
from salonkeep.sales.tickets import add_product
from tests.book.test_concurrency import session_of
from tests.sales.helpers import shampoo, walk_in_ticket
from tests.sales.test_concurrency import THREADS, all_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_last_use_of_a_coupon_is_given_once(live_server, salon, monkeypatch):
    Coupon.objects.create(
        business=salon.business, code="ONLYONE", kind="amount", value=100, limit_total=1
    )
    product = shampoo(salon, stock=THREADS)
    tickets = [walk_in_ticket(salon) for _ in range(THREADS)]
    for ticket in tickets:
        add_product(ticket, product, 1)
    check_limits = rules._check_limits

    def slow_check(coupon, client):
        check_limits(coupon, client)
        time.sleep(0.05)  # widen the gap between counting the uses and adding one

    monkeypatch.setattr(rules, "_check_limits", slow_check)
    results = all_at_once(
        live_server,
        session_of(salon.front_desk),
        [(f"/coupons/apply/{ticket.pk}/", {"code": "ONLYONE"}) for ticket in tickets],
    )
    assert [status for status, _ in results] == [302] * THREADS
    assert CouponUse.objects.count() == 1
