"""Shared by the payment link tests: a ticket with something left to pay, an owed
payment with a link, and the pages' addresses."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from salonkeep.paylinks.links import link_for
from salonkeep.paylinks.models import PaymentLink
from salonkeep.sales.models import Payment, PaymentMethod
from salonkeep.sales.payments import Tender, take_payment
from tests.sales.helpers import at, colour_ticket, messages_of, walk_in_ticket

__all__ = ["at", "colour_ticket", "messages_of", "walk_in_ticket"]


@pytest.fixture
def on_the_day():
    """Tuesday 24 November 2026, 11:00 in London (= UTC): the book's test day."""
    with time_machine.travel(at(11), tick=True):
        yield


def owed_for(salon, amount=8500) -> Payment:
    ticket = colour_ticket(salon)
    return take_payment(ticket, salon.front_desk, Tender(PaymentMethod.OWED, amount))


def link_for_owed(owed: Payment, user) -> PaymentLink:
    link, _ = link_for(owed, user, timezone.now())
    return link


def page_url(link: PaymentLink) -> str:
    return reverse("pay:page", args=[link.token])


def detail_url(link: PaymentLink, name: str = "detail") -> str:
    return reverse(f"paylinks:{name}", args=[link.pk])


def link_in(text: str) -> str:
    """The payment page address in an e-mail or page."""
    found = re.search(r"https?://[^\s\"<]+/pay/[A-Za-z0-9_-]+/", text)
    assert found, text
    return found.group(0)
