"""Closing the day: counts, differences and reasons, payments owed, the lock, tasks."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from salonkeep.activity.models import ActivityEntry
from salonkeep.book.models import Status
from salonkeep.drawer.cash import DrawerError, carried_float
from salonkeep.drawer.closeout import CloseOutInput, Count, close_day
from salonkeep.drawer.models import CloseOut, CloseOutLine
from salonkeep.sales.daylock import DayClosed
from salonkeep.sales.models import ClosedDay, Payment, PaymentMethod
from salonkeep.sales.payments import Tender, take_payment
from salonkeep.tasks.models import Task
from tests.conftest import logged_in
from tests.drawer.helpers import (
    close_url,
    colour_at,
    counts_for,
    drawer_for,
    messages_of,
    pay_colour,
)
from tests.sales.helpers import at, ticket_url

DAY = date(2026, 11, 24)


def post_close(http, drawer, total, **extra):
    return http.post(
        close_url(drawer), {**counts_for(total), "closing_float": "100.00", **extra}, follow=True
    )


def test_it_closes_a_day_that_balances(as_manager, salon):
    drawer = drawer_for(salon, 10000)
    pay_colour(salon)  # £85 kept in cash
    response = post_close(as_manager, drawer, 18500)
    close_out = CloseOut.objects.get()
    assert close_out.date == DAY and close_out.closing_float == 10000
    assert close_out.cash_counts == {"n2000": 9, "c100": 5}
    line = CloseOutLine.objects.get()
    assert (line.method, line.expected, line.counted, line.reason) == ("cash", 18500, 18500, "")
    assert ClosedDay.objects.filter(business=salon.business, date=DAY).exists()
    assert not Task.objects.exists()
    assert "Tuesday 24 November is closed." in messages_of(response)
    assert "is closed" in response.content.decode()
    logged = ActivityEntry.objects.get(model="drawer.closeout")
    assert logged.actor == salon.manager and logged.business == salon.business


def test_a_cash_difference_needs_a_reason_and_becomes_a_task(as_owner, salon):
    drawer = drawer_for(salon, 10000)
    pay_colour(salon)
    response = post_close(as_owner, drawer, 18000)
    assert response.status_code == 400
    assert "Cash is £5.00 short: say why." in response.content.decode()
    assert not CloseOut.objects.exists() and not ClosedDay.objects.exists()

    response = post_close(as_owner, drawer, 18000, cash_reason="Change given twice")
    line = CloseOutLine.objects.get()
    assert line.difference == -500 and line.reason == "Change given twice"
    task = Task.objects.get()
    assert task.due == DAY + timedelta(days=1)
    assert task.title == "Cash was £5.00 short on 24 Nov: Change given twice"
    assert "1 task(s) added for tomorrow." in " ".join(messages_of(response))


def test_every_payment_type_is_expected_and_counted(as_manager, salon):
    drawer = drawer_for(salon, 0)
    pay_colour(salon, Tender(PaymentMethod.CARD, 8500))
    response = post_close(as_manager, drawer, 0, closing_float="0")
    assert "Enter the card" in response.content.decode() or "This field is required" in (
        response.content.decode()
    )
    assert not CloseOut.objects.exists()
    response = post_close(
        as_manager, drawer, 0, closing_float="0", counted_card="80.00", reason_card=""
    )
    assert "Card (terminal) is £5.00 short: say why." in response.content.decode()
    post_close(
        as_manager,
        drawer,
        0,
        closing_float="0",
        counted_card="80.00",
        reason_card="Terminal batch split",
    )
    lines = {line.method: line for line in CloseOutLine.objects.all()}
    assert set(lines) == {"cash", "card"}
    assert (lines["card"].expected, lines["card"].counted) == (8500, 8000)
    assert Task.objects.get().title.startswith("Card (terminal) was £5.00 short")


def test_payments_owed_must_be_collected_or_carried_over(as_manager, salon):
    drawer = drawer_for(salon, 10000)
    ticket = colour_at(salon, 9)
    owed = take_payment(ticket, salon.front_desk, Tender(PaymentMethod.OWED, 8500))
    page = as_manager.get(close_url(drawer)).content.decode()
    assert "Alice Archer" in page and reverse("sales:collect", args=[owed.pk]) in page

    response = post_close(as_manager, drawer, 10000)
    assert "1 payment(s) still owed (Alice Archer): collect each one" in (response.content.decode())
    assert not ClosedDay.objects.exists()

    post_close(as_manager, drawer, 10000, **{f"carry_{owed.pk}": "on"})
    task = Task.objects.get()
    assert task.payment_owed == owed and task.client == salon.client and task.ticket == ticket
    assert task.title == f"Chase £85.00 owed by Alice Archer (ticket {ticket.number})"
    assert task.due == DAY + timedelta(days=1)


def test_it_warns_about_clients_still_checked_in(as_manager, salon):
    drawer = drawer_for(salon)
    ticket = colour_at(salon, 9)
    ticket.appointment.status = Status.IN_PROGRESS
    ticket.appointment.save()
    text = as_manager.get(close_url(drawer)).content.decode()
    assert "1 client still checked in" in text and "in progress" in text
    assert f"{ticket.number}</a>" in text  # its ticket is not paid either


def test_a_closed_day_refuses_sales_and_a_second_close(as_manager, as_front_desk, salon):
    drawer = drawer_for(salon, 10000)
    ticket = colour_at(salon, 9)
    post_close(as_manager, drawer, 10000)
    assert ClosedDay.objects.count() == 1

    with pytest.raises(DayClosed):
        take_payment(ticket, salon.front_desk, Tender(PaymentMethod.CASH, 8500))
    response = as_front_desk.post(
        ticket_url("pay", ticket), {"method": "cash", "amount": "85.00"}, follow=True
    )
    assert "has been closed out: nothing more can be sold" in " ".join(messages_of(response))
    assert not Payment.objects.exists()

    response = post_close(as_manager, drawer, 10000)
    assert "has already been closed out." in " ".join(messages_of(response))
    with pytest.raises(DrawerError, match="already been closed out"):
        close_day(drawer, salon.owner, CloseOutInput({"n2000": 5}, 0))
    assert CloseOut.objects.count() == 1 and ClosedDay.objects.count() == 1


def test_the_closing_float_opens_the_next_day(as_manager, salon):
    drawer = drawer_for(salon, 10000)
    pay_colour(salon)
    post_close(as_manager, drawer, 18500, closing_float="75.50")
    assert carried_float(salon.business, DAY + timedelta(days=1)) == 7550
    with time_machine.travel(at(9) + timedelta(days=1), tick=False):
        page = logged_in(salon.manager).get(reverse("drawer:today")).content.decode()
    assert 'value="75.50"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"count_n2000": "-2"}, "A count cannot be negative."),
        ({"count_n2000": "ten"}, "Enter how many, as a whole number."),
        ({"closing_float": "-1"}, "An amount cannot be negative."),
        ({"closing_float": ""}, "This field is required."),
        ({"closing_float": "500"}, "cannot be more than the £100.00 counted"),
        ({"cash_reason": "x" * 201, "count_c1": "1"}, "at most 200 characters"),
    ],
)
def test_it_refuses_bad_counts(as_manager, salon, fields, message):
    drawer = drawer_for(salon, 10000)
    response = as_manager.post(
        close_url(drawer), {**counts_for(10000), "closing_float": "100", **fields}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CloseOut.objects.exists() and not ClosedDay.objects.exists()


def test_nothing_is_kept_when_closing_fails_half_way(salon, monkeypatch):
    drawer = drawer_for(salon, 10000)
    ticket = colour_at(salon, 9)
    owed = take_payment(ticket, salon.front_desk, Tender(PaymentMethod.OWED, 8500))

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Task.objects, "create", broken)
    data = CloseOutInput({"n2000": 4}, 5000, "Short", carried_over={owed.pk})
    with pytest.raises(RuntimeError):
        close_day(drawer, salon.owner, data)
    assert not ClosedDay.objects.exists()
    assert not CloseOut.objects.exists() and not CloseOutLine.objects.exists()
    monkeypatch.undo()
    close_day(drawer, salon.owner, data)
    assert Task.objects.count() == 2


def test_other_counts_cannot_be_negative(salon):
    drawer = drawer_for(salon, 0)
    pay_colour(salon, Tender(PaymentMethod.CARD, 8500))
    data = CloseOutInput({}, 0, others={"card": Count(-1, "x")})
    with pytest.raises(DrawerError, match="cannot be negative"):
        close_day(drawer, salon.owner, data)
    assert not ClosedDay.objects.exists()


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_only_owners_and_managers_close(salon, role):
    drawer = drawer_for(salon)
    http = logged_in(salon.user(role))
    assert http.get(close_url(drawer)).status_code == 403
    assert post_close(http, drawer, 10000).status_code == 403
    assert not ClosedDay.objects.exists()


def test_anonymous_people_are_sent_to_log_in(client, salon):
    response = client.get(close_url(drawer_for(salon)))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_another_business_close_out_is_invisible(as_owner, salon, other):
    drawer = drawer_for(other)
    assert as_owner.get(close_url(drawer)).status_code == 404
    assert post_close(as_owner, drawer, 10000).status_code == 404
    close_day(drawer, other.owner, CloseOutInput({"n2000": 5}, 0))
    assert as_owner.get(close_url(drawer)).status_code == 404


def test_it_refuses_the_wrong_method(as_owner, salon):
    assert as_owner.put(close_url(drawer_for(salon))).status_code == 405
