"""The end-of-day report: sales by service, product and team member, tips, payments,
payments owed and the drawer; as a page and as a PDF."""

import io

import pypdf
import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salonkeep.drawer.cash import today
from salonkeep.drawer.closeout import CloseOutInput, Count, close_day
from salonkeep.drawer.report import day_report
from salonkeep.giftcards.ledger import redeem, sell_gift_card
from salonkeep.sales.models import PaymentMethod
from salonkeep.sales.payments import Tender, collect_owed, owed_payments, refund, take_payment
from salonkeep.sales.tickets import TIP_EVENLY, add_product, open_walk_in, set_tips
from tests.conftest import logged_in
from tests.drawer.helpers import colour_at, drawer_for
from tests.sales.helpers import shampoo

REPORT = reverse("drawer:report")
PDF = reverse("drawer:report_pdf")
DAY = "2026-11-24"


@pytest.fixture
def busy_day(salon):
    """Alice's colour with Sam (£85 + £10 tip split Sam/Jo, cash), two shampoos sold by
    Jo (£24, card, £12 refunded in cash), and £45 owed on a walk-in of Olivia's."""
    drawer = drawer_for(salon, 10000)
    colour = colour_at(salon, 9)
    set_tips(colour, 1000, [salon.stylist_member, salon.jo], TIP_EVENLY, [])
    take_payment(colour, salon.front_desk, Tender(PaymentMethod.CASH, 10000))
    retail = open_walk_in(salon.business, salon.front_desk)
    add_product(retail, shampoo(salon), 2, salon.jo)
    card = take_payment(retail, salon.front_desk, Tender(PaymentMethod.CARD, 2400))
    refund(card.ticket, salon.manager, PaymentMethod.CASH, 1200, {}, "One was damaged")
    owed_ticket = open_walk_in(salon.business, salon.front_desk, salon.client)
    add_product(owed_ticket, shampoo(salon), 1, salon.owner_member)
    take_payment(owed_ticket, salon.front_desk, Tender(PaymentMethod.OWED, 1200))
    return drawer


def test_it_adds_up_the_day(salon, busy_day):
    report = day_report(salon.business, busy_day.date)
    assert report.tickets == 3
    assert [(r.name, r.quantity, r.amount) for r in report.services] == [
        ("Full head colour", 1, 8500)
    ]
    assert [(r.name, r.quantity, r.amount) for r in report.products] == [("Shampoo", 3, 3600)]
    assert {r.name: r.amount for r in report.team} == {
        "Sam Stylist": 8500,
        "Jo Junior": 2400,
        "Olivia Owner": 1200,
    }
    assert {r.name: r.amount for r in report.tips} == {"Sam Stylist": 500, "Jo Junior": 500}
    assert report.sales_total == 12100 and report.tips_total == 1000
    assert {r.name: r.amount for r in report.payments} == {
        "Cash": 9500 - 1200,
        "Card (terminal)": 2400,
    }
    assert report.refunds == 1200
    assert (report.owed_today, report.owed_collected, report.owed_outstanding) == (1200, 0, 1200)
    assert report.balance is not None and report.balance.expected == 10000 + 8300


def test_a_collected_owed_payment_counts_on_the_day_it_is_collected(salon, busy_day):
    owed = day_report(salon.business, busy_day.date)
    assert owed.owed_outstanding_count == 1
    collect_owed(owed_payments(salon.business).get(), salon.front_desk, Tender("card", 0))
    report = day_report(salon.business, busy_day.date)
    assert report.owed_collected == 1200 and report.owed_outstanding == 0


def test_it_shows_the_report_page(as_manager, salon, busy_day):
    text = as_manager.get(REPORT + f"?date={DAY}").content.decode()
    for expected in ("Full head colour", "Shampoo", "Sam Stylist", "£5.00", "£83.00", "£12.00"):
        assert expected in text
    assert "not been closed out yet" in text
    data = CloseOutInput(
        {"n2000": 9, "c100": 2},
        0,
        "Miscount",
        others={"card": Count(2400)},
        carried_over={p.pk for p in owed_payments(salon.business)},
    )
    close_day(busy_day, salon.owner, data)
    text = as_manager.get(REPORT + f"?date={DAY}").content.decode()
    assert "Miscount" in text and "not been closed out yet" not in text


def test_it_makes_a_pdf(as_owner, salon, busy_day):
    response = as_owner.get(PDF + f"?date={DAY}")
    assert response["Content-Type"] == "application/pdf"
    assert "rose-thorn-end-of-day-2026-11-24.pdf" in response["Content-Disposition"]
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages)
    assert "Full head colour" in text and "Jo Junior" in text and "Shampoo" in text


def test_it_reports_a_quiet_day(as_manager, salon):
    text = as_manager.get(REPORT + "?date=2026-11-20").content.decode()
    assert "No services sold." in text and "The drawer was not opened this day." in text


@pytest.mark.parametrize("url", [REPORT, PDF])
def test_it_refuses_a_malformed_date(as_manager, salon, url):
    response = as_manager.get(url + "?date=24-11-2026")
    assert response.status_code == 400 and "is not a date" in response.content.decode()


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_only_owners_and_managers_see_the_report(salon, role):
    http = logged_in(salon.user(role))
    assert http.get(REPORT).status_code == 403 and http.get(PDF).status_code == 403


def test_another_business_sales_are_not_in_the_report(as_owner, salon, other):
    ticket = colour_at(other, 9)
    take_payment(ticket, other.front_desk, Tender(PaymentMethod.CASH, 8500))
    text = as_owner.get(REPORT + f"?date={DAY}").content.decode()
    assert "Full head colour" not in text and "No payments taken." in text


def test_anonymous_and_wrong_method(client, as_owner, salon):
    assert "/login/" in client.get(REPORT)["Location"]
    assert as_owner.post(REPORT).status_code == 405 and as_owner.post(PDF).status_code == 405


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(prices=st.lists(st.integers(min_value=1, max_value=50_000), min_size=1, max_size=4))
def test_sales_by_team_member_add_up_to_the_sales_total(salon, prices):
    day = today(salon.business)
    before = day_report(salon.business, day)
    for price in prices:
        ticket = open_walk_in(salon.business, salon.front_desk)
        add_product(ticket, shampoo(salon, price=price, stock=1), 1, salon.jo)
        take_payment(ticket, salon.front_desk, Tender(PaymentMethod.CARD, price))
    report = day_report(salon.business, day)
    assert report.sales_total == before.sales_total + sum(prices)
    assert sum(r.amount for r in report.team) == report.sales_total
    assert sum(r.amount for r in report.products) == report.sales_total
    assert sum(r.amount for r in report.payments) == report.payments_total == report.sales_total


def test_it_shows_how_the_gift_card_liability_moved(as_manager, salon):
    sale = open_walk_in(salon.business, salon.front_desk, salon.client)
    card = sell_gift_card(sale, 5000, recipient="Bea")
    take_payment(sale, salon.front_desk, Tender(PaymentMethod.CASH, 5000))
    card.refresh_from_db()
    redeem(colour_at(salon, 9), salon.front_desk, card.code, 3000)
    report = day_report(salon.business, today(salon.business))
    assert report.gift_cards_opening == 0 and report.gift_cards_closing == 2000
    assert {(r.name, r.quantity, r.amount) for r in report.gift_card_movements} == {
        ("Issued", 1, 5000),
        ("Redeemed", 1, -3000),
    }
    # A gift card sold is not a sale: only what it paid for is.
    assert report.sales_total == 0 and report.products == []
    text = as_manager.get(REPORT + f"?date={DAY}").content.decode()
    assert "Gift card liability" in text and "+£50.00" in text and "-£30.00" in text
