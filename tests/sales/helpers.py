"""Shared by the checkout tests: a product, a tax rate, and tickets ready to pay."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from salonkeep.notices.models import Kind
from salonkeep.notices.publishing import new_notice, publish
from salonkeep.sales.models import Product, TaxRate, Ticket
from salonkeep.sales.tickets import open_for_appointment, open_walk_in
from tests.book.helpers import NOW, at, book

__all__ = ["NOW", "at", "book"]


def vat(salon, for_services=True, inclusive=True):
    return TaxRate.objects.create(
        business=salon.business,
        name="VAT",
        basis_points=2000,
        inclusive=inclusive,
        for_services=for_services,
    )


def shampoo(salon, stock=5, price=1200, tax_rate=None):
    return Product.objects.create(
        business=salon.business, name="Shampoo", price=price, stock=stock, tax_rate=tax_rate
    )


def colour_ticket(salon) -> Ticket:
    """A ticket for Alice's colour with Sam (£85), opened from the appointment."""
    appointment = book(salon, (salon.colour, salon.stylist_member, at(10)))
    return open_for_appointment(salon.business, salon.front_desk, appointment)


def walk_in_ticket(salon, client=None) -> Ticket:
    return open_walk_in(salon.business, salon.front_desk, client)


def maintenance_window(business, services):
    """A published maintenance window from 10:00 to 12:00 on the test day."""
    start, end = at(10), at(12)
    notice = new_notice(Kind.MAINTENANCE, business, "t", start - timedelta(days=1))
    notice.title = "Card terminal upgrade"
    notice.services = services
    notice.starts_at, notice.ends_at = start, end
    return publish(notice, "t", start - timedelta(days=1))


def ticket_url(name, ticket, *args):
    return reverse(f"sales:{name}", args=[ticket.pk, *args])


def messages_of(response):
    return [str(message) for message in response.context["messages"]] if response.context else []
