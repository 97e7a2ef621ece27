"""The small demo's checkout history: a week of tickets, payments, tips, products, a
gift card and payments owed, written by the app's own services."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest
import time_machine
from django.db.models import Sum

from salonkeep.accounts.models import Business
from salonkeep.book.models import Appointment, Status
from salonkeep.demo.checkout import PRODUCTS
from salonkeep.demo.removal import delete_business
from salonkeep.drawer.report import day_report
from salonkeep.giftcards.models import GiftCard, GiftCardMovement
from salonkeep.lib.dates import local_day_bounds
from salonkeep.paylinks.models import PaymentLink
from salonkeep.sales.models import LineKind, Payment, Product, TaxRate, Ticket, TicketLine, Tip
from salonkeep.sales.payments import owed_payments
from salonkeep.sales.tickets import covered_amount, price_of
from tests.demo.test_small_demo import NOW, run_demo


@pytest.fixture(scope="module")
def built(django_db_setup, django_db_blocker):
    """One demo for the whole module (it takes seconds to build); the tests only read it."""
    with django_db_blocker.unblock():
        with time_machine.travel(NOW, tick=False):
            run_demo()
        business = Business.objects.get(slug="demo")
        yield business
        delete_business(business)


@pytest.fixture
def business(db, built):
    return built


def local(business, instant):
    return instant.astimezone(business.tz).date()


def today(business):
    return local(business, NOW)


def test_it_checks_out_the_completed_visits_of_the_last_week_only(business):
    start, _ = local_day_bounds(today(business) - timedelta(days=7), business.tz)
    end, _ = local_day_bounds(today(business), business.tz)
    week = Appointment.objects.filter(
        business=business, status=Status.COMPLETED, starts_at__gte=start, ends_at__lt=end
    )
    tickets = Ticket.objects.filter(business=business)
    assert week.count() > 100
    assert sorted(tickets.values_list("appointment_id", flat=True)) == sorted(
        week.values_list("pk", flat=True)
    )
    assert set(tickets.values_list("status", flat=True)) == {"paid"}
    # Today's visits (some already completed this morning) are left to check out.
    assert not tickets.filter(appointment__ends_at__gte=end).exists()
    assert Appointment.objects.filter(
        business=business, status=Status.COMPLETED, starts_at__gte=end
    ).exists()


def test_it_dates_each_sale_at_the_end_of_its_visit(business):
    for ticket in Ticket.objects.filter(business=business).select_related("appointment"):
        assert ticket.opened_at == ticket.paid_at == ticket.appointment.ends_at
        for payment in ticket.payments.all():
            assert payment.created_at == ticket.appointment.ends_at
            assert payment.business_date == local(business, payment.created_at)


def test_its_payments_cover_every_ticket(business):
    tickets = Ticket.objects.filter(business=business).prefetch_related("payments")
    for ticket in tickets:
        assert covered_amount(ticket) == price_of(ticket).due > 0
    payments = Payment.objects.filter(business=business)
    cash = payments.filter(method="cash")
    assert cash.filter(change__gt=0).exists()
    assert all(p.tendered == p.amount + p.change for p in cash)
    assert payments.filter(method="card").exclude(card_last4="").count() > 50
    assert not payments.filter(kind="refund").exists()


def test_it_charges_vat_on_services_and_sells_products_from_stock(business):
    vat = TaxRate.objects.get(business=business, for_services=True)
    assert (vat.basis_points, vat.inclusive) == (2000, True)
    services = TicketLine.objects.filter(business=business, kind=LineKind.SERVICE)
    assert set(services.values_list("tax_basis_points", flat=True)) == {2000}
    sold = TicketLine.objects.filter(business=business, kind=LineKind.PRODUCT)
    assert sold.count() >= 5
    for product in Product.objects.filter(business=business):
        initial = next(stock for name, _, _, stock in PRODUCTS if name == product.name)
        taken = sold.filter(product=product).aggregate(n=Sum("quantity"))["n"] or 0
        assert product.stock == initial - taken >= 0
        assert product.tax_rate == vat


def test_it_gives_some_team_members_tips(business):
    tips = Tip.objects.filter(business=business)
    assert tips.count() >= 10
    assert tips.values("team_member").distinct().count() >= 3


def test_it_leaves_a_few_recent_payments_owed(business):
    owed = list(owed_payments(business))
    assert 2 <= len(owed) <= 3
    recent = {today(business) - timedelta(days=days) for days in range(1, 5)}
    for payment in owed:
        assert payment.business_date in recent
        assert payment.ticket.client is not None
        assert payment.amount == price_of(payment.ticket).due
    # The newest has a payment link waiting; the others have none.
    links = PaymentLink.objects.filter(business=business)
    assert [link.owed for link in links] == [owed[-1]]
    assert links.get().state == "active" and links.get().amount == owed[-1].amount


def test_it_sells_a_gift_card_and_spends_part_of_it_on_a_later_visit(business):
    card = GiftCard.objects.get(business=business)
    assert 0 < card.balance < card.initial_value
    issued, redeemed = GiftCardMovement.objects.filter(card=card).order_by("created_at")
    assert (issued.kind, issued.amount) == ("issued", card.initial_value)
    assert redeemed.kind == "redeemed" and redeemed.business_date > issued.business_date
    assert card.issued_at == card.sold_on.ticket.paid_at
    assert card.purchaser == card.sold_on.ticket.client
    spent_on = redeemed.payment.ticket
    assert spent_on.client != card.purchaser
    assert redeemed.payment.method == "gift_card" and redeemed.payment.reference == card.code


def test_its_past_end_of_day_reports_add_up(business):
    days_with_sales = 0
    for days_ago in range(1, 8):
        day = today(business) - timedelta(days=days_ago)
        report = day_report(business, day)
        start, end = local_day_bounds(day, business.tz)
        tickets = Ticket.objects.filter(business=business, paid_at__gte=start, paid_at__lt=end)
        assert report.tickets == tickets.count()
        if not report.tickets:
            continue
        days_with_sales += 1
        gift_cards_sold = sum(
            line.unit_price
            for line in TicketLine.objects.filter(ticket__in=tickets, kind=LineKind.GIFT_CARD)
        )
        # What the clients were charged is what they paid plus what they still owe.
        assert (
            report.sales_total + report.tips_total + gift_cards_sold
            == report.payments_total + report.owed_today
        )
        assert report.sales_total == sum(row.amount for row in report.services + report.products)
        expected_tips: dict[str, int] = defaultdict(int)
        for tip in Tip.objects.filter(ticket__in=tickets).select_related("team_member"):
            expected_tips[tip.team_member.name] += tip.amount
        assert {row.name: row.amount for row in report.tips} == expected_tips
        cash = sum(row.amount for row in report.payments if row.name == "Cash")
        assert cash == sum(
            p.tendered - p.change for p in Payment.objects.filter(ticket__in=tickets, method="cash")
        )
    assert days_with_sales >= 5
    assert day_report(business, today(business)).tickets == 0
