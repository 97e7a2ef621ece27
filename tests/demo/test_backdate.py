"""The helper that dates the demo's checkouts at the end of their visits."""

from __future__ import annotations

from datetime import UTC, date, datetime

import time_machine

from salonkeep.activity.models import ActivityEntry
from salonkeep.activity.recorder import acting_as
from salonkeep.demo.backdate import Backdater
from salonkeep.sales.models import Payment, Ticket
from salonkeep.sales.payments import Tender, take_payment
from salonkeep.sales.tickets import add_product, open_walk_in
from tests.book.helpers import at
from tests.sales.helpers import shampoo

# 23:30 UTC on a summer night is already the next day in London: the business date is local.
PAST = datetime(2026, 6, 16, 23, 30, tzinfo=UTC)


def sell(salon):
    ticket = open_walk_in(salon.business, salon.front_desk, salon.client)
    add_product(ticket, shampoo(salon), 1)
    take_payment(ticket, salon.front_desk, Tender("cash", 2000))
    return ticket


def test_it_dates_what_the_services_wrote_at_the_moment_given(salon, other):
    with time_machine.travel(at(11), tick=False):
        earlier = sell(salon)
        others = sell(other)
        backdater = Backdater(salon.business)
        with acting_as(salon.front_desk):
            ticket = sell(salon)
        backdater.date_new_rows(PAST)

    ticket.refresh_from_db()
    assert ticket.opened_at == ticket.paid_at == PAST
    payment = Payment.objects.get(ticket=ticket)
    assert (payment.created_at, payment.business_date) == (PAST, date(2026, 6, 17))
    # Rows from before the helper started, and another salon's, keep their time.
    for untouched in (earlier, others):
        untouched.refresh_from_db()
        assert untouched.paid_at == at(11)
        assert Payment.objects.get(ticket=untouched).business_date == at(11).date()

    logged = ActivityEntry.objects.filter(business=salon.business, actor=salon.front_desk)
    assert logged.count() >= 4 and {entry.at for entry in logged} == {PAST}
    created = logged.get(model="sales.payment", object_id=str(payment.pk))
    assert created.changes["created_at"] == [None, PAST.isoformat()]
    assert created.changes["business_date"] == [None, "2026-06-17"]
    paid = logged.get(model="sales.ticket", action="changed")
    assert paid.changes["paid_at"] == [None, PAST.isoformat()]
    assert not ActivityEntry.objects.filter(at=PAST).exclude(business=salon.business).exists()


def test_it_leaves_a_time_that_was_never_set_empty(salon):
    with time_machine.travel(at(11), tick=False):
        backdater = Backdater(salon.business)
        ticket = open_walk_in(salon.business, salon.front_desk)
        backdater.date_new_rows(PAST)
        second = open_walk_in(salon.business, salon.front_desk)
        backdater.date_new_rows(datetime(2026, 6, 17, 9, tzinfo=UTC))
    ticket.refresh_from_db()
    assert ticket.opened_at == PAST and ticket.paid_at is None and ticket.voided_at is None
    # Each call dates only what was written since the one before.
    assert Ticket.objects.get(pk=second.pk).opened_at == datetime(2026, 6, 17, 9, tzinfo=UTC)
