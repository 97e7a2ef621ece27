"""Opening tickets (from an appointment or as a walk-in) and changing what is on them."""

import pytest
from django.urls import reverse

from salonkeep.book.models import Status
from salonkeep.sales.models import LineKind, Ticket, TicketLine, Tip
from tests.conftest import logged_in
from tests.sales.helpers import (
    at,
    book,
    colour_ticket,
    messages_of,
    shampoo,
    ticket_url,
    vat,
    walk_in_ticket,
)

LIST = reverse("sales:tickets")
WALK_IN = reverse("sales:walk_in")


def test_it_lists_todays_appointments_to_check_out(as_front_desk, salon, other):
    book(salon, (salon.cut, salon.jo, at(14)))
    book(other, (other.cut, other.jo, at(14)))
    text = as_front_desk.get(LIST).content.decode()
    assert text.count("Alice Archer") == 1
    assert "Check out" in text


def test_it_opens_a_ticket_from_an_appointment_at_the_booked_price(as_front_desk, salon):
    vat(salon)
    appointment = book(
        salon, (salon.colour, salon.stylist_member, at(10)), (salon.cut, salon.jo, at(12))
    )
    salon.colour.price = 9900  # the menu changes after booking; the ticket keeps £85
    salon.colour.save()
    response = as_front_desk.post(reverse("sales:from_appointment", args=[appointment.pk]))
    ticket = Ticket.objects.get()
    assert response.url == reverse("sales:ticket", args=[ticket.pk])
    assert (ticket.number, ticket.client, ticket.appointment) == (1, salon.client, appointment)
    lines = list(ticket.lines.values_list("unit_price", "team_member", "tax_basis_points"))
    assert lines == [(8500, salon.stylist_member.pk, 2000), (4500, salon.jo.pk, 2000)]
    # Opening again goes to the same ticket rather than selling the services twice.
    again = as_front_desk.post(reverse("sales:from_appointment", args=[appointment.pk]))
    assert again.url == response.url and Ticket.objects.count() == 1
    text = as_front_desk.get(response.url).content.decode()
    assert "£130.00" in text and "£21.67" in text  # VAT included: 130 / 6


def test_it_refuses_to_check_out_a_cancelled_appointment(as_front_desk, salon):
    appointment = book(salon, (salon.cut, salon.jo, at(14)))
    appointment.status = Status.CANCELLED
    appointment.save()
    url = reverse("sales:from_appointment", args=[appointment.pk])
    response = as_front_desk.post(url, follow=True)
    assert "was cancelled" in response.content.decode()
    assert not Ticket.objects.exists()


def test_it_numbers_tickets_per_business(as_front_desk, salon, other):
    walk_in_ticket(other)
    as_front_desk.post(WALK_IN)
    as_front_desk.post(WALK_IN)
    numbers = list(Ticket.objects.filter(business=salon.business).values_list("number", flat=True))
    assert sorted(numbers) == [1, 2]


def test_it_chooses_the_client_of_a_walk_in(as_front_desk, salon, other):
    ticket = walk_in_ticket(salon)
    text = as_front_desk.get(ticket_url("ticket", ticket) + "?find=Arch").content.decode()
    assert "Choose Alice Archer" in text
    assert as_front_desk.post(ticket_url("client", ticket), {"client": salon.client.pk})
    ticket.refresh_from_db()
    assert ticket.client == salon.client
    response = as_front_desk.post(ticket_url("client", ticket), {"client": other.client.pk})
    assert response.status_code == 404
    as_front_desk.post(ticket_url("client", ticket), {"client": ""})
    ticket.refresh_from_db()
    assert ticket.client is None


def test_it_sells_a_product_out_of_stock_and_back_when_removed(as_front_desk, salon):
    product = shampoo(salon, stock=3)
    ticket = walk_in_ticket(salon)
    data = {"product": product.pk, "quantity": "2", "team_member": salon.jo.pk}
    as_front_desk.post(ticket_url("add_product", ticket), data)
    product.refresh_from_db()
    assert product.stock == 1
    line = TicketLine.objects.get(kind=LineKind.PRODUCT)
    assert (line.quantity, line.unit_price, line.team_member) == (2, 1200, salon.jo)
    response = as_front_desk.post(ticket_url("add_product", ticket), data, follow=True)
    assert "Only 1 of Shampoo in stock." in messages_of(response)
    as_front_desk.post(ticket_url("remove_line", ticket, line.pk))
    product.refresh_from_db()
    assert product.stock == 3 and not TicketLine.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"product": "999999", "quantity": "1"}, "Select a valid choice"),
        ({"product": "", "quantity": "1"}, "This field is required."),
        ({"quantity": "0"}, "greater than or equal to 1"),
        ({"quantity": "-2"}, "greater than or equal to 1"),
        ({"quantity": "many"}, "Enter a whole number."),
    ],
)
def test_it_refuses_bad_products_on_a_ticket(as_front_desk, salon, data, message):
    product = shampoo(salon)
    ticket = walk_in_ticket(salon)
    response = as_front_desk.post(
        ticket_url("add_product", ticket), {"product": product.pk} | data, follow=True
    )
    assert any(message in text for text in messages_of(response)), messages_of(response)
    assert not TicketLine.objects.exists()
    product.refresh_from_db()
    assert product.stock == 5


def test_it_refuses_another_business_product(as_front_desk, salon, other):
    product = shampoo(other)
    ticket = walk_in_ticket(salon)
    response = as_front_desk.post(
        ticket_url("add_product", ticket), {"product": product.pk, "quantity": 1}, follow=True
    )
    assert "Select a valid choice" in " ".join(messages_of(response))
    assert not TicketLine.objects.exists()


def test_it_discounts_a_line_and_the_whole_ticket(as_front_desk, salon):
    ticket = colour_ticket(salon)
    line = ticket.lines.get()
    as_front_desk.post(
        ticket_url("line_discount", ticket, line.pk), {"kind": "amount", "value": "5"}
    )
    as_front_desk.post(ticket_url("discount", ticket), {"kind": "percent", "value": "10"})
    text = as_front_desk.get(ticket_url("ticket", ticket)).content.decode()
    assert "£72.00" in text  # (85 - 5) less 10 %


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "amount", "value": "-5"}, "An amount cannot be negative."),
        ({"kind": "percent", "value": "150"}, "A percentage is between 0 and 100."),
        ({"kind": "amount", "value": "five"}, "is not an amount"),
        ({"kind": "amount", "value": ""}, "Enter the discount."),
        ({"kind": "bogus", "value": "5"}, "Select a valid choice"),
    ],
)
def test_it_refuses_bad_discounts(as_front_desk, salon, data, message):
    ticket = colour_ticket(salon)
    response = as_front_desk.post(ticket_url("discount", ticket), data, follow=True)
    assert any(message in text for text in messages_of(response)), messages_of(response)
    ticket.refresh_from_db()
    assert (ticket.discount_kind, ticket.discount_value) == ("", 0)


def tip(http, ticket, amount, how, members, shares=None):
    data = {"amount": amount, "how": how, "members": [m.pk for m in members]}
    for member, share in zip(members, shares or [], strict=False):
        data[f"share-{member.pk}"] = share
    return http.post(ticket_url("tips", ticket), data, follow=True)


def tips_of(ticket):
    return {t.team_member.name: t.amount for t in Tip.objects.filter(ticket=ticket)}


def test_it_splits_a_tip_evenly_by_shares_and_by_service_value(as_front_desk, salon):
    appointment = book(
        salon, (salon.colour, salon.stylist_member, at(10)), (salon.cut, salon.jo, at(12))
    )
    as_front_desk.post(reverse("sales:from_appointment", args=[appointment.pk]))
    ticket = Ticket.objects.get()
    members = [salon.stylist_member, salon.jo]
    tip(as_front_desk, ticket, "10.01", "even", members)
    assert tips_of(ticket) == {"Sam Stylist": 501, "Jo Junior": 500}
    tip(as_front_desk, ticket, "9", "shares", members, ["2", "1"])
    assert tips_of(ticket) == {"Sam Stylist": 600, "Jo Junior": 300}
    tip(as_front_desk, ticket, "13", "service_value", members)  # 85 : 45
    assert tips_of(ticket) == {"Sam Stylist": 850, "Jo Junior": 450}
    tip(as_front_desk, ticket, "", "even", [])
    assert tips_of(ticket) == {}


@pytest.mark.parametrize(
    ("amount", "how", "shares", "message"),
    [
        ("5", "even", None, "Choose who the tip is for."),
        ("-5", "even", ["1"], "An amount cannot be negative."),
        ("5", "shares", ["x"], "Give Jo Junior a share as a whole number"),
        ("5", "shares", ["0"], "Give each chosen team member a share"),
        ("5", "service_value", ["1"], "None of the chosen team members did a paid service"),
    ],
)
def test_it_refuses_bad_tips(as_front_desk, salon, amount, how, shares, message):
    ticket = colour_ticket(salon)
    members = [] if shares is None else [salon.jo]
    response = tip(as_front_desk, ticket, amount, how, members, shares)
    assert any(message in text for text in messages_of(response)), messages_of(response)
    assert not Tip.objects.exists()


def test_it_fixes_the_contents_once_a_payment_is_taken(as_front_desk, salon):
    ticket = colour_ticket(salon)
    as_front_desk.post(ticket_url("pay", ticket), {"method": "card", "amount": "20"})
    response = tip(as_front_desk, ticket, "5", "even", [salon.jo])
    assert "can no longer change" in " ".join(messages_of(response))
    assert not Tip.objects.exists()


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk"])
def test_it_lets_those_who_book_check_out(salon, role):
    http = logged_in(salon.user(role))
    assert http.get(LIST).status_code == 200
    assert http.post(WALK_IN).status_code == 302
    assert Ticket.objects.count() == 1


def test_it_keeps_stylists_out(as_stylist, salon):
    ticket = colour_ticket(salon)
    for name in ("ticket", "receipt"):
        assert as_stylist.get(ticket_url(name, ticket)).status_code == 403
    assert as_stylist.get(LIST).status_code == 403
    assert as_stylist.post(WALK_IN).status_code == 403
    pay = as_stylist.post(ticket_url("pay", ticket), {"method": "cash", "amount": "85"})
    assert pay.status_code == 403
    assert not ticket.payments.exists()
    assert Ticket.objects.count() == 1


def test_it_sends_anonymous_visitors_to_login(client, salon):
    ticket = colour_ticket(salon)
    assert client.get(LIST).status_code == 302
    assert client.get(ticket_url("ticket", ticket)).status_code == 302
    assert client.post(WALK_IN).status_code == 302
    assert Ticket.objects.count() == 1


def test_it_hides_another_business_tickets(as_front_desk, salon, other):
    ticket = colour_ticket(other)
    line = ticket.lines.get()
    assert as_front_desk.get(ticket_url("ticket", ticket)).status_code == 404
    assert as_front_desk.get(ticket_url("receipt", ticket)).status_code == 404
    for name, args in [
        ("pay", {"method": "cash", "amount": "85"}),
        ("void", {"reason": "x"}),
        ("tips", {"amount": "5", "how": "even", "members": [other.jo.pk]}),
        ("discount", {"kind": "amount", "value": "5"}),
    ]:
        assert as_front_desk.post(ticket_url(name, ticket), args).status_code == 404
    assert as_front_desk.post(ticket_url("remove_line", ticket, line.pk)).status_code == 404
    appointment = ticket.appointment
    assert (
        as_front_desk.post(reverse("sales:from_appointment", args=[appointment.pk])).status_code
        == 404
    )
    assert not ticket.payments.exists() and ticket.lines.count() == 1


def test_it_refuses_other_methods(as_front_desk, salon):
    ticket = colour_ticket(salon)
    assert as_front_desk.get(WALK_IN).status_code == 405
    assert as_front_desk.post(LIST).status_code == 405
    assert as_front_desk.get(ticket_url("pay", ticket)).status_code == 405
    assert as_front_desk.post(ticket_url("ticket", ticket)).status_code == 405


def test_it_refuses_ids_no_database_column_holds(as_front_desk, salon):
    huge = "9" * 25
    ticket = colour_ticket(salon)
    shampoo(salon)
    for name, data in [
        ("add_product", {"product": huge, "quantity": "1", "team_member": huge}),
        ("tips", {"amount": "5", "how": "even", "members": [huge]}),
        ("client", {"client": huge}),
    ]:
        assert as_front_desk.post(ticket_url(name, ticket), data).status_code in (302, 404)
    assert ticket.lines.count() == 1 and not Tip.objects.exists()


def test_it_offers_check_out_on_the_appointment_to_those_who_book(as_front_desk, salon):
    appointment = book(salon, (salon.cut, salon.jo, at(14)))
    url = reverse("book:detail", args=[appointment.pk])
    checkout = reverse("sales:from_appointment", args=[appointment.pk])
    assert checkout in as_front_desk.get(url).content.decode()
    assert checkout not in logged_in(salon.stylist).get(url).content.decode()
