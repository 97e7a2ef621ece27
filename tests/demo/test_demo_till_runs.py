"""The small demo's checkout history, built afresh: the same for the same seed, and
apart from another salon's till."""

from __future__ import annotations

import pytest
import time_machine

from salonkeep.accounts.models import Business
from salonkeep.sales.models import Payment, Product, Ticket
from salonkeep.sales.payments import owed_payments
from tests.demo.test_small_demo import NOW, run_demo


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_is_the_same_till_for_the_same_seed(db, frozen):
    def till():
        fields = ("created_at", "method", "amount", "tendered", "ticket__client__last_name")
        return list(
            Payment.objects.filter(business__slug="demo").order_by(*fields).values_list(*fields)
        )

    run_demo()
    first = till()
    run_demo("--reset")
    assert till() == first
    run_demo("--reset", "--seed", "7")
    assert till() != first


def test_it_keeps_another_salons_till_apart(other, frozen):
    run_demo()
    business = Business.objects.get(slug="demo")
    assert not Ticket.objects.filter(business=other.business).exists()
    assert not Product.objects.filter(business=other.business).exists()
    assert not Payment.objects.filter(business=other.business).exists()
    tickets = Ticket.objects.filter(business=business)
    assert not tickets.exclude(appointment__business=business).exists()
    assert not tickets.exclude(client__business=business).exists()
    assert sorted(tickets.values_list("number", flat=True)) == list(range(1, tickets.count() + 1))
    assert owed_payments(other.business).count() == 0
