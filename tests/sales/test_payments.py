"""Split tender, change, pay later, voids and refunds; a closed day takes no sales."""

from datetime import date

import pytest

from salonkeep.sales.models import ClosedDay, PaymentMethod, Product, TicketStatus
from salonkeep.sales.tickets import add_product, open_for_appointment
from tests.sales.helpers import colour_ticket, messages_of, shampoo, ticket_url, walk_in_ticket


def pay(http, ticket, method, amount, **extra):
    data = {"method": method, "amount": amount} | extra
    return http.post(ticket_url("pay", ticket), data, follow=True)


def test_it_takes_part_cash_and_part_card(as_front_desk, salon):
    ticket = colour_ticket(salon)
    response = pay(as_front_desk, ticket, "cash", "50")
    assert "Cash: £50.00." in messages_of(response)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN
    assert "£35.00" in response.content.decode()  # still to pay
    pay(as_front_desk, ticket, "card", "35", card_last4="4242", reference="T-881")
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.PAID and ticket.paid_at
    card = ticket.payments.get(method=PaymentMethod.CARD)
    assert (card.amount, card.card_last4, card.reference) == (3500, "4242", "T-881")
    assert card.business_date == date(2026, 11, 24)


def test_it_gives_change_for_cash(as_front_desk, salon):
    ticket = colour_ticket(salon)
    response = pay(as_front_desk, ticket, "cash", "100")
    assert "Change due: £15.00." in " ".join(messages_of(response))
    payment = ticket.payments.get()
    assert (payment.amount, payment.tendered, payment.change) == (8500, 10000, 1500)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.PAID


def test_it_refuses_a_card_payment_over_what_is_due(as_front_desk, salon):
    ticket = colour_ticket(salon)
    response = pay(as_front_desk, ticket, "card", "85.01")
    assert "A card payment cannot be more than the £85.00 still due." in messages_of(response)
    assert not ticket.payments.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"method": "cash", "amount": "-10"}, "An amount cannot be negative."),
        ({"method": "cash", "amount": "0"}, "A payment must be more than zero."),
        ({"method": "cash", "amount": "ten pounds"}, "is not an amount such as 45.00"),
        ({"method": "cash", "amount": "1e3"}, "is not an amount such as 45.00"),
        ({"method": "cash", "amount": "9" * 30}, "is not an amount such as 45.00"),
        ({"method": "bitcoin", "amount": "10"}, "Select a valid choice"),
        ({"method": "gift_card", "amount": "10"}, "Select a valid choice"),
        ({"method": "card", "amount": "10", "card_last4": "42x2"}, "last 4 digits"),
        ({"method": "card", "amount": "10", "card_last4": "42424"}, "at most 4 characters"),
        ({"method": "owed", "amount": "10"}, "Pay later needs a client"),
    ],
)
def test_it_refuses_bad_payments(as_front_desk, salon, data, message):
    ticket = walk_in_ticket(salon)
    add_product(ticket, shampoo(salon), 1)
    response = as_front_desk.post(ticket_url("pay", ticket), data, follow=True)
    assert any(message in text for text in messages_of(response)), messages_of(response)
    assert not ticket.payments.exists()


def test_it_refuses_payment_for_an_empty_ticket(as_front_desk, salon):
    ticket = walk_in_ticket(salon)
    response = pay(as_front_desk, ticket, "cash", "10")
    assert "Add a service or product" in " ".join(messages_of(response))


def test_it_records_a_payment_owed_by_the_client(as_front_desk, salon):
    ticket = colour_ticket(salon)
    pay(as_front_desk, ticket, "card", "20")
    response = pay(as_front_desk, ticket, "owed", "65")
    assert "Recorded £65.00 owed by Alice Archer." in messages_of(response)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.PAID


def test_it_refuses_to_pay_a_voided_or_paid_ticket(as_front_desk, salon):
    ticket = colour_ticket(salon)
    as_front_desk.post(ticket_url("void", ticket), {"reason": "Opened by mistake"})
    ticket.refresh_from_db()
    assert (ticket.status, ticket.void_reason) == (TicketStatus.VOIDED, "Opened by mistake")
    response = pay(as_front_desk, ticket, "cash", "85")
    assert "was voided; it cannot be changed or paid" in " ".join(messages_of(response))
    # The voided ticket freed the appointment for a new one.
    other_ticket = open_for_appointment(salon.business, salon.front_desk, ticket.appointment)
    assert other_ticket.pk != ticket.pk
    pay(as_front_desk, other_ticket, "cash", "85")
    response = pay(as_front_desk, other_ticket, "cash", "5")
    assert "is paid; it can only be refunded" in " ".join(messages_of(response))
    assert other_ticket.payments.count() == 1 and not ticket.payments.exists()


def test_it_voids_and_puts_products_back(as_front_desk, salon):
    product = shampoo(salon, stock=2)
    ticket = walk_in_ticket(salon)
    add_product(ticket, product, 2)
    response = as_front_desk.post(ticket_url("void", ticket), {"reason": ""}, follow=True)
    assert "This field is required." in " ".join(messages_of(response))
    as_front_desk.post(ticket_url("void", ticket), {"reason": "Client changed her mind"})
    product.refresh_from_db()
    assert product.stock == 2
    assert ticket.lines.count() == 1  # the line is kept on the voided ticket


def test_it_refuses_to_void_a_ticket_with_money_on_it(as_front_desk, salon):
    ticket = colour_ticket(salon)
    pay(as_front_desk, ticket, "cash", "20")
    response = as_front_desk.post(ticket_url("void", ticket), {"reason": "x"}, follow=True)
    assert "refund it before voiding" in " ".join(messages_of(response))
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.OPEN


def refund(http, ticket, amount, method="cash", reason="Unhappy with the colour", **returns):
    data = {"amount": amount, "method": method, "reason": reason} | returns
    return http.post(ticket_url("refund", ticket), data, follow=True)


def test_it_refunds_with_a_reversing_row_and_restocks(as_manager, salon):
    product = shampoo(salon, stock=4)
    ticket = colour_ticket(salon)
    line = add_product(ticket, product, 2)
    pay(as_manager, ticket, "card", "109")
    response = refund(as_manager, ticket, "12", "card", **{f"return-{line.pk}": "1"})
    assert "Refunded £12.00." in messages_of(response)
    amounts = list(ticket.payments.values_list("kind", "amount"))
    assert amounts == [("payment", 10900), ("refund", -1200)]
    product.refresh_from_db()
    line.refresh_from_db()
    assert (product.stock, line.returned_quantity) == (3, 1)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.PAID


@pytest.mark.parametrize(
    ("amount", "returned", "reason", "message"),
    [
        ("109.01", "0", "x", "At most £109.00 can be refunded"),
        ("-5", "0", "x", "An amount cannot be negative."),
        ("0", "0", "x", "A refund must be more than zero."),
        ("5", "3", "x", "At most 2 of Shampoo can come back."),
        ("5", "-1", "x", "Enter how many of Shampoo come back"),
        ("5", "0", "", "This field is required."),
    ],
)
def test_it_refuses_bad_refunds(as_manager, salon, amount, returned, reason, message):
    product = shampoo(salon, stock=4)
    ticket = colour_ticket(salon)
    line = add_product(ticket, product, 2)
    pay(as_manager, ticket, "card", "109")
    response = refund(as_manager, ticket, amount, reason=reason, **{f"return-{line.pk}": returned})
    assert any(message in text for text in messages_of(response)), messages_of(response)
    assert ticket.payments.count() == 1
    assert Product.objects.get().stock == 2


def test_it_never_refunds_money_still_owed(as_manager, salon):
    ticket = colour_ticket(salon)
    pay(as_manager, ticket, "cash", "20")
    pay(as_manager, ticket, "owed", "65")
    response = refund(as_manager, ticket, "21")
    assert "At most £20.00 can be refunded" in " ".join(messages_of(response))


def test_it_refuses_sales_into_a_closed_day(as_front_desk, salon):
    ticket = colour_ticket(salon)
    ClosedDay.objects.create(
        business=salon.business, date=date(2026, 11, 24), closed_at=ticket.opened_at
    )
    response = pay(as_front_desk, ticket, "cash", "85")
    assert "has been closed out" in " ".join(messages_of(response))
    assert not ticket.payments.exists()
    response = as_front_desk.post("/checkout/walk-in/", follow=True)
    assert "has been closed out" in " ".join(messages_of(response))


def test_it_records_the_sale_in_the_activity_log(as_owner, as_front_desk, salon):
    ticket = colour_ticket(salon)
    pay(as_front_desk, ticket, "cash", "85")
    text = as_owner.get("/activity/").content.decode()
    assert as_owner.get("/activity/").status_code == 200
    assert "Ticket 1" in text


def test_it_closes_a_ticket_with_nothing_to_pay(as_front_desk, salon):
    ticket = colour_ticket(salon)
    url = ticket_url("close_free", ticket)
    response = as_front_desk.post(url, follow=True)
    assert "There is still something to pay" in " ".join(messages_of(response))
    as_front_desk.post(ticket_url("discount", ticket), {"kind": "percent", "value": "100"})
    assert "Close the ticket" in as_front_desk.get(ticket_url("ticket", ticket)).content.decode()
    response = as_front_desk.post(url, follow=True)
    assert "Ticket 1 is closed: nothing to pay." in messages_of(response)
    ticket.refresh_from_db()
    assert ticket.status == TicketStatus.PAID and not ticket.payments.exists()
    assert as_front_desk.get(url).status_code == 405
