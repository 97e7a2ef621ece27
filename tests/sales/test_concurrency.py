"""Simultaneous requests on a live server, each on its own database connection: the last
bottle is sold once, and ticket numbers never repeat (SQLite: IMMEDIATE transactions;
PostgreSQL: row locks on the product and the business)."""

from __future__ import annotations

import threading
import time

import pytest

from salonkeep.sales import tickets as ticket_service
from salonkeep.sales.models import Product, Ticket, TicketLine
from salonkeep.sales.tickets import open_walk_in
from tests.book.test_concurrency import post, session_of
from tests.sales.helpers import shampoo

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 6


def all_at_once(live_server, session, paths_and_forms):
    barrier = threading.Barrier(len(paths_and_forms))
    results: list = [None] * len(paths_and_forms)

    def run(index, path, data):
        try:
            barrier.wait(timeout=30)
            results[index] = post(live_server, path, data, session)
        except BaseException as error:  # reported by the test, not lost in a thread
            results[index] = error

    threads = [
        threading.Thread(target=run, args=(i, path, data))
        for i, (path, data) in enumerate(paths_and_forms)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [result for result in results if isinstance(result, BaseException)]
    assert not errors, errors
    return results


def test_the_last_bottle_is_sold_once(live_server, salon, monkeypatch):
    product = shampoo(salon, stock=1)
    original_save = Product.save

    def slow_save(self, *args, **kwargs):
        # Widen the gap between reading the stock and writing it back.
        time.sleep(0.05)
        original_save(self, *args, **kwargs)

    monkeypatch.setattr(Product, "save", slow_save)
    tickets = [open_walk_in(salon.business, salon.front_desk) for _ in range(THREADS)]
    session = session_of(salon.front_desk)
    results = all_at_once(
        live_server,
        session,
        [
            (f"/checkout/{ticket.pk}/products/", {"product": product.pk, "quantity": "1"})
            for ticket in tickets
        ],
    )
    assert [status for status, _ in results] == [302] * THREADS
    product.refresh_from_db()
    assert product.stock == 0
    assert TicketLine.objects.filter(product=product).count() == 1


def test_simultaneous_tickets_get_different_numbers(live_server, salon, monkeypatch):
    next_number = ticket_service._next_number

    def slow_next_number(business):
        number = next_number(business)
        time.sleep(0.05)
        return number

    monkeypatch.setattr(ticket_service, "_next_number", slow_next_number)
    session = session_of(salon.front_desk)
    results = all_at_once(live_server, session, [("/checkout/walk-in/", {})] * THREADS)
    assert [status for status, _ in results] == [302] * THREADS
    numbers = sorted(Ticket.objects.values_list("number", flat=True))
    assert numbers == list(range(1, THREADS + 1))
