"""The same gift card redeemed by several tills at the same moment, each request on its
own database connection: it pays once, and the card never goes below zero (SQLite:
IMMEDIATE transactions; PostgreSQL: the row lock on the card)."""

from __future__ import annotations

import time

import pytest

from salonkeep.giftcards.models import GiftCard
from salonkeep.sales.models import Payment
from salonkeep.sales.tickets import add_product
from tests.book.test_concurrency import session_of
from tests.giftcards.helpers import sold_card
from tests.sales.helpers import shampoo, walk_in_ticket
from tests.sales.test_concurrency import THREADS, all_at_once

pytestmark = pytest.mark.django_db(transaction=True)


def tills_racing_for(salon, monkeypatch):
    """One ticket per till, each with a £40 shampoo, and a slow card save that widens the
    gap between reading a balance and writing it back."""
    product = shampoo(salon, stock=THREADS, price=4000)
    tickets = [walk_in_ticket(salon) for _ in range(THREADS)]
    for ticket in tickets:
        add_product(ticket, product, 1)
    original_save = GiftCard.save

    def slow_save(self, *args, **kwargs):
        time.sleep(0.05)
        original_save(self, *args, **kwargs)

    monkeypatch.setattr(GiftCard, "save", slow_save)
    return tickets


def test_a_card_redeemed_at_once_by_several_tills_never_goes_negative(
    live_server, salon, monkeypatch
):
    card = sold_card(salon, 5000)
    tickets = tills_racing_for(salon, monkeypatch)
    results = all_at_once(
        live_server,
        session_of(salon.front_desk),
        [
            (f"/gift-cards/redeem/{ticket.pk}/", {"code": card.code, "amount": "30"})
            for ticket in tickets
        ],
    )
    assert [status for status, _ in results] == [302] * THREADS
    card.refresh_from_db()
    assert card.balance == 2000
    assert sum(card.movements.values_list("amount", flat=True)) == 2000
    assert Payment.objects.filter(method="gift_card").count() == 1


def test_a_certificate_used_at_once_by_several_tills_pays_once(live_server, salon, monkeypatch):
    from tests.giftcards.test_certificates import certificate

    card = certificate(salon, 3000)
    tickets = tills_racing_for(salon, monkeypatch)
    results = all_at_once(
        live_server,
        session_of(salon.front_desk),
        [(f"/gift-cards/certificates/redeem/{t.pk}/", {"code": card.code}) for t in tickets],
    )
    assert [status for status, _ in results] == [302] * THREADS
    card.refresh_from_db()
    assert card.balance == 0
    assert Payment.objects.filter(method="gift_certificate").count() == 1
