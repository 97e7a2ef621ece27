"""Payments owed: the list, the badge on the book, and collecting by cash or telephone."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from salonkeep.sales.models import Payment, PaymentMethod
from salonkeep.sales.payments import Tender, take_payment
from tests.conftest import logged_in
from tests.sales.helpers import at, colour_ticket, messages_of

LIST = reverse("sales:owed")


@pytest.fixture
def owed(salon):
    ticket = colour_ticket(salon)
    take_payment(ticket, salon.front_desk, Tender(PaymentMethod.CARD, 2000))
    return take_payment(ticket, salon.front_desk, Tender(PaymentMethod.OWED, 6500))


def collect_url(payment):
    return reverse("sales:collect", args=[payment.pk])


def test_it_lists_what_is_owed_with_client_amount_and_age(salon, owed, other):
    with time_machine.travel(at(11) + timedelta(days=3), tick=False):
        text = logged_in(salon.front_desk).get(LIST).content.decode()
    row = text[text.index(f'id="owed-{owed.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Alice Archer" in row and "£65.00" in row and "(3 days)" in row, row
    assert "07700 900123" in text


def test_it_shows_a_badge_on_the_book(as_front_desk, salon, owed):
    text = as_front_desk.get(reverse("book:day") + "?date=2026-11-24").content.decode()
    assert "Payments owed" in text and f'href="{LIST}"' in text


def test_it_shows_no_badge_when_nothing_is_owed(as_front_desk, as_stylist, salon, owed):
    assert "Payments owed" not in as_stylist.get(reverse("book:day")).content.decode()
    Payment.objects.create(
        business=salon.business,
        ticket=owed.ticket,
        method=PaymentMethod.CASH,
        amount=6500,
        collects=owed,
        created_at=owed.created_at,
        business_date=owed.business_date,
    )
    assert "Payments owed" not in as_front_desk.get(reverse("book:day")).content.decode()


def test_it_collects_by_telephone_and_settles(as_front_desk, salon, owed):
    response = as_front_desk.post(
        collect_url(owed),
        {"method": "telephone", "card_last4": "1881", "reference": "AUTH 0042"},
        follow=True,
    )
    assert "Collected £65.00 from Alice Archer." in messages_of(response)
    owed.refresh_from_db()
    collection = Payment.objects.get(collects=owed)
    assert (collection.method, collection.amount, collection.card_last4) == (
        "telephone",
        6500,
        "1881",
    )
    assert "Nothing is owed" in as_front_desk.get(LIST).content.decode()
    again = as_front_desk.post(collect_url(owed), {"method": "telephone"})
    assert "This payment was collected on 24 Nov 2026 11:00" in again.content.decode()
    assert Payment.objects.filter(collects=owed).count() == 1


def test_it_collects_cash_with_change(as_front_desk, salon, owed):
    response = as_front_desk.post(
        collect_url(owed), {"method": "cash", "tendered": "70"}, follow=True
    )
    assert "Change due: £5.00." in " ".join(messages_of(response))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"method": "cash", "tendered": ""}, "Enter the cash handed over."),
        ({"method": "cash", "tendered": "60"}, "must be at least the £65.00 owed"),
        ({"method": "cash", "tendered": "-70"}, "An amount cannot be negative."),
        ({"method": "owed"}, "Select a valid choice"),
        ({"method": "telephone", "card_last4": "abcd"}, "last 4 digits"),
    ],
)
def test_it_refuses_bad_collections(as_front_desk, salon, owed, data, message):
    response = as_front_desk.post(collect_url(owed), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Payment.objects.filter(collects=owed).exists()


def test_it_only_collects_owed_payments(as_front_desk, salon, owed):
    card = owed.ticket.payments.get(method=PaymentMethod.CARD)
    assert as_front_desk.get(collect_url(card)).status_code == 404


def test_it_keeps_stylists_and_other_businesses_out(salon, owed, other):
    assert logged_in(salon.stylist).get(LIST).status_code == 403
    assert logged_in(salon.stylist).post(collect_url(owed), {"method": "cash"}).status_code == 403
    outsider = logged_in(other.front_desk)
    assert outsider.get(collect_url(owed)).status_code == 404
    assert outsider.post(collect_url(owed), {"method": "telephone"}).status_code == 404
    assert "Alice" not in outsider.get(LIST).content.decode()
    assert not Payment.objects.filter(collects=owed).exists()


def test_it_sends_anonymous_visitors_to_login_and_refuses_other_methods(
    client, as_front_desk, salon, owed
):
    assert client.get(LIST).status_code == 302
    assert as_front_desk.post(LIST).status_code == 405
    assert as_front_desk.put(collect_url(owed)).status_code == 405


def test_it_never_collects_the_same_payment_twice(salon, owed):
    from salonkeep.sales.daylock import SaleError
    from salonkeep.sales.payments import collect_owed

    collect_owed(owed, salon.front_desk, Tender(PaymentMethod.TELEPHONE, 0))
    with pytest.raises(SaleError, match="already been collected"):
        collect_owed(owed, salon.front_desk, Tender(PaymentMethod.CASH, 6500))
    assert Payment.objects.filter(collects=owed).count() == 1
