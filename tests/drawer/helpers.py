"""Shared by the drawer tests: an open drawer and paid tickets on the test day."""

from __future__ import annotations

from django.urls import reverse

from salonkeep.drawer.cash import open_drawer
from salonkeep.drawer.models import Drawer
from salonkeep.sales.models import Payment, PaymentMethod
from salonkeep.sales.payments import Tender, take_payment
from salonkeep.sales.tickets import open_for_appointment
from tests.sales.helpers import at, book, colour_ticket, messages_of, walk_in_ticket

__all__ = ["colour_ticket", "messages_of", "walk_in_ticket"]


def colour_at(salon, hour: int):
    """A ticket for Alice's £85 colour with Sam, starting at ``hour`` (9 to 15)."""
    appointment = book(salon, (salon.colour, salon.stylist_member, at(hour)))
    return open_for_appointment(salon.business, salon.front_desk, appointment)


def drawer_for(salon, float_total=10000) -> Drawer:
    return open_drawer(salon.business, salon.location, salon.front_desk, float_total, {})


def pay_colour(salon, *tenders, hour=9) -> list[Payment]:
    """Alice's £85 colour, paid with the tenders given (default: £100 cash, £15 change)."""
    ticket = colour_at(salon, hour)
    tenders = tenders or (Tender(PaymentMethod.CASH, 10000),)
    return [take_payment(ticket, salon.front_desk, tender) for tender in tenders]


def close_url(drawer) -> str:
    return reverse("drawer:close_out", args=[drawer.pk])


def counts_for(total: int) -> dict[str, str]:
    """Form fields counting ``total`` pence in £20 notes, then £1 and 1p coins."""
    twenties, rest = divmod(total, 2000)
    pounds, pence = divmod(rest, 100)
    return {"count_n2000": str(twenties), "count_c100": str(pounds), "count_c1": str(pence)}
