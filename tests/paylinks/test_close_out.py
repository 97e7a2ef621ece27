"""Payment links at close-out: money paid through a link is its own payment type, expected
and counted like card; a live link shows its state beside the payment still owed."""

import pytest
from django.urls import reverse

from salonkeep.drawer.models import CloseOutLine
from salonkeep.paylinks.links import collect_through_link
from tests.drawer.helpers import close_url, counts_for, drawer_for
from tests.paylinks.helpers import link_for_owed, on_the_day, owed_for

pytestmark = pytest.mark.usefixtures("on_the_day")
__all__ = ["on_the_day"]


def test_link_money_is_counted_at_close_out(as_manager, salon):
    drawer = drawer_for(salon, 0)
    link = link_for_owed(owed_for(salon), salon.front_desk)
    collect_through_link(link, "BACS", salon.front_desk, link.created_at)
    page = as_manager.get(close_url(drawer)).content.decode()
    assert "Payment link" in page and "£85.00" in page
    data = counts_for(0) | {
        "closing_float": "0",
        "counted_payment_link": "85.00",
        "reason_payment_link": "",
    }
    as_manager.post(close_url(drawer), data)
    line = CloseOutLine.objects.get(method="payment_link")
    assert (line.expected, line.counted) == (8500, 8500)


def test_a_payment_still_owed_shows_its_link_at_close_out(as_manager, salon):
    drawer = drawer_for(salon, 0)
    owed = owed_for(salon)
    link_for_owed(owed, salon.front_desk)
    page = as_manager.get(close_url(drawer)).content.decode()
    row = page[page.index("owed by Alice Archer") :]
    assert "payment link:" in row[:600] and "Waiting for payment" in row[:600]
    assert reverse("sales:collect", args=[owed.pk]) in row[:800]
