"""Coupons on a ticket: applied whole as line discounts or refused with the reason, and
released when taken off or when the ticket is voided."""

from datetime import date

import pytest
from django.urls import reverse

from salonkeep.catalog.models import ServiceCategory
from salonkeep.coupons.models import Coupon, CouponUse
from salonkeep.coupons.rules import live_uses
from salonkeep.sales.tickets import add_product, price_of, set_ticket_discount
from tests.conftest import logged_in
from tests.sales.helpers import colour_ticket, messages_of, shampoo, walk_in_ticket


def coupon(salon, code="SPRING10", kind="percent", value=1000, **fields):
    return Coupon.objects.create(
        business=salon.business, code=code, kind=kind, value=value, **fields
    )


def apply_url(ticket):
    return reverse("coupons:apply", args=[ticket.pk])


def apply(http, ticket, code):
    return http.post(apply_url(ticket), {"code": code}, follow=True)


def refused(http, ticket, code, message):
    before = [(line.discount_kind, line.discount_value) for line in ticket.lines.all()]
    response = apply(http, ticket, code)
    assert message in " ".join(messages_of(response))
    assert not CouponUse.objects.filter(ticket=ticket).exists()
    after = [(line.discount_kind, line.discount_value) for line in ticket.lines.all()]
    assert after == before


def test_a_percent_coupon_discounts_what_it_applies_to(as_front_desk, salon):
    coupon(salon, scope="services")
    ticket = colour_ticket(salon)
    add_product(ticket, shampoo(salon, price=1200), 1)
    response = apply(as_front_desk, ticket, " spring10 ")
    assert "Coupon SPRING10 is on the ticket." in messages_of(response)
    price = price_of(ticket)
    assert [line.line_discount for line in price.lines] == [850, 0]
    assert price.total == 8500 - 850 + 1200
    use = CouponUse.objects.get()
    assert (use.ticket, use.client, use.created_by) == (ticket, salon.client, salon.front_desk)


def test_an_amount_coupon_is_shared_between_the_lines(as_front_desk, salon):
    coupon(salon, code="TENOFF", kind="amount", value=1000)
    ticket = colour_ticket(salon)
    add_product(ticket, shampoo(salon, price=1500), 1)
    apply(as_front_desk, ticket, "TENOFF")
    discounts = [line.line_discount for line in price_of(ticket).lines]
    assert sum(discounts) == 1000 and discounts == [850, 150]


def test_an_amount_bigger_than_the_lines_makes_them_free(as_front_desk, salon):
    coupon(salon, code="BIG", kind="amount", value=50000)
    ticket = colour_ticket(salon)
    apply(as_front_desk, ticket, "BIG")
    assert price_of(ticket).total == 0


def test_taking_it_off_removes_the_discount_and_frees_the_use(as_front_desk, salon):
    coupon(salon, limit_total=1)
    ticket = colour_ticket(salon)
    apply(as_front_desk, ticket, "SPRING10")
    response = as_front_desk.post(reverse("coupons:remove", args=[ticket.pk]), follow=True)
    assert "Coupon SPRING10 was taken off." in messages_of(response)
    assert price_of(ticket).discount == 0
    assert CouponUse.objects.get().released_at is not None
    apply(as_front_desk, walk_in_ticket(salon), "SPRING10")  # nothing to apply to
    again = colour_ticket_for_another_day(salon)
    apply(as_front_desk, again, "SPRING10")
    assert live_uses(Coupon.objects.get()).count() == 1


def colour_ticket_for_another_day(salon):
    from salonkeep.sales.tickets import open_for_appointment
    from tests.book.helpers import at, book

    appointment = book(salon, (salon.colour, salon.jo, at(14)))
    return open_for_appointment(salon.business, salon.front_desk, appointment)


def test_voiding_the_ticket_frees_the_use(as_front_desk, salon):
    coupon(salon, limit_total=1)
    ticket = colour_ticket(salon)
    apply(as_front_desk, ticket, "SPRING10")
    as_front_desk.post(reverse("sales:void", args=[ticket.pk]), {"reason": "Left"})
    again = colour_ticket_for_another_day(salon)
    apply(as_front_desk, again, "SPRING10")
    assert CouponUse.objects.filter(ticket=again).exists()


def test_it_refuses_an_expired_or_future_or_inactive_coupon(as_front_desk, salon):
    coupon(salon, code="OLD", valid_until=date(2026, 11, 3))
    coupon(salon, code="SOON", valid_from=date(2026, 12, 1))
    coupon(salon, code="LASTYEAR", valid_until=date(2025, 11, 3))
    coupon(salon, code="OFF", is_active=False)
    coupon(salon, code="TODAY", valid_from=date(2026, 11, 24), valid_until=date(2026, 11, 24))
    ticket = colour_ticket(salon)
    refused(as_front_desk, ticket, "OLD", "Coupon OLD expired on 3 November.")
    refused(as_front_desk, ticket, "SOON", "Coupon SOON starts on 1 December.")
    refused(as_front_desk, ticket, "LASTYEAR", "expired on 3 November 2025.")
    refused(as_front_desk, ticket, "OFF", "Coupon OFF is no longer in use.")
    apply(as_front_desk, ticket, "TODAY")
    assert CouponUse.objects.filter(ticket=ticket).exists()


def test_it_refuses_when_the_limits_are_reached(as_front_desk, salon):
    coupon(salon, code="TWICE", limit_per_client=2)
    coupon(salon, code="ONCE", limit_total=1)
    first, second = colour_ticket(salon), colour_ticket_for_another_day(salon)
    apply(as_front_desk, first, "TWICE")
    apply(as_front_desk, second, "TWICE")
    third = walk_in_ticket(salon, salon.client)
    add_product(third, shampoo(salon), 1)
    refused(
        as_front_desk,
        third,
        "TWICE",
        "Alice Archer has already used coupon TWICE twice — the limit per client.",
    )
    anonymous = walk_in_ticket(salon)
    add_product(anonymous, shampoo(salon), 1)
    refused(as_front_desk, anonymous, "TWICE", "has a limit per client: choose the client first")
    apply(as_front_desk, anonymous, "ONCE")
    refused(as_front_desk, third, "ONCE", "Coupon ONCE has been used once — its limit.")


def test_it_says_what_a_coupon_applies_to(as_front_desk, salon):
    colour = ServiceCategory.objects.get(business=salon.business, name="Colour")
    coupon(salon, code="COLOUR", scope="category", category=colour)
    coupon(salon, code="CUTS", scope="service", service=salon.cut)
    coupon(salon, code="RETAIL", scope="products")
    ticket = walk_in_ticket(salon)
    add_product(ticket, shampoo(salon), 1)
    refused(as_front_desk, ticket, "COLOUR", "Coupon COLOUR applies to Colour services only.")
    refused(as_front_desk, ticket, "CUTS", "Coupon CUTS applies to Cut and finish only.")
    colour_one = colour_ticket(salon)
    refused(as_front_desk, colour_one, "RETAIL", "Coupon RETAIL applies to products only.")
    apply(as_front_desk, colour_one, "COLOUR")
    assert price_of(colour_one).discount == 850


def test_nothing_is_half_applied(as_front_desk, salon):
    coupon(salon)
    ticket = colour_ticket(salon)
    product = add_product(ticket, shampoo(salon), 1)
    as_front_desk.post(
        reverse("sales:line_discount", args=[ticket.pk, product.pk]),
        {"kind": "amount", "value": "1"},
    )
    refused(as_front_desk, ticket, "SPRING10", "Shampoo already has a discount")
    whole = colour_ticket_for_another_day(salon)
    set_ticket_discount(whole, "amount", 100)
    refused(as_front_desk, whole, "SPRING10", "take it off before using a coupon")


def test_one_coupon_per_ticket_and_not_after_payment(as_front_desk, salon):
    coupon(salon)
    coupon(salon, code="OTHER")
    ticket = colour_ticket(salon)
    apply(as_front_desk, ticket, "SPRING10")
    response = apply(as_front_desk, ticket, "OTHER")
    assert "already has coupon SPRING10" in " ".join(messages_of(response))
    paid = colour_ticket_for_another_day(salon)
    as_front_desk.post(reverse("sales:pay", args=[paid.pk]), {"method": "cash", "amount": "10"})
    refused(as_front_desk, paid, "OTHER", "A payment has been taken on this ticket")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("NOSUCH", "No such coupon: NOSUCH."),
        ("x", "That is not a coupon code"),
        ("<b>", "That is not a coupon code"),
        ("", "This field is required."),
        ("A" * 41, "at most 40 characters"),
    ],
)
def test_it_refuses_bad_codes(as_front_desk, salon, code, message):
    coupon(salon)
    refused(as_front_desk, colour_ticket(salon), code, message)


def test_another_business_coupon_is_no_such_coupon(as_front_desk, salon, other):
    coupon(other, code="THEIRS")
    refused(as_front_desk, colour_ticket(salon), "THEIRS", "No such coupon: THEIRS.")


@pytest.mark.parametrize(("role", "status"), [("owner", 302), ("manager", 302), ("stylist", 403)])
def test_who_may_use_a_coupon(salon, role, status):
    coupon(salon)
    ticket = colour_ticket(salon)
    http = logged_in(salon.user(role))
    assert http.post(apply_url(ticket), {"code": "SPRING10"}).status_code == status
    assert CouponUse.objects.exists() == (status == 302)
    assert http.post(reverse("coupons:remove", args=[ticket.pk])).status_code == status


def test_anonymous_get_and_another_business_ticket(client, as_front_desk, salon, other):
    coupon(salon)
    ticket = colour_ticket(salon)
    response = client.post(apply_url(ticket), {"code": "SPRING10"})
    assert response.status_code == 302 and "/login" in response["Location"]
    assert as_front_desk.get(apply_url(ticket)).status_code == 405
    assert as_front_desk.get(reverse("coupons:remove", args=[ticket.pk])).status_code == 405
    theirs = walk_in_ticket(other)
    assert as_front_desk.post(apply_url(theirs), {"code": "SPRING10"}).status_code == 404
    assert as_front_desk.post(reverse("coupons:remove", args=[theirs.pk])).status_code == 404
    assert not CouponUse.objects.exists()


def test_the_ticket_shows_the_coupon(as_front_desk, salon):
    coupon(salon, description="Spring offer")
    ticket = colour_ticket(salon)
    page = as_front_desk.get(reverse("sales:ticket", args=[ticket.pk])).content.decode()
    assert 'id="coupon-code"' in page
    apply(as_front_desk, ticket, "SPRING10")
    page = as_front_desk.get(reverse("sales:ticket", args=[ticket.pk])).content.decode()
    assert "Coupon <strong>SPRING10</strong>: Spring offer" in page
    assert "Take the coupon off" in page
