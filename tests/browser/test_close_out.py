"""In a real browser: open the drawer, sell for cash, close the day with a cash difference
(the reason given) and find the task for the next day on the task list."""

from __future__ import annotations

import pytest

from salonkeep.drawer.models import CloseOut
from salonkeep.sales.models import ClosedDay, PaymentMethod, Product
from salonkeep.sales.payments import Tender, take_payment
from salonkeep.sales.tickets import add_product, open_walk_in
from salonkeep.tasks.models import Task
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def cash_sale(salon, price):
    product = Product.objects.create(business=salon.business, name="Shampoo", price=price, stock=3)
    ticket = open_walk_in(salon.business, salon.front_desk)
    add_product(ticket, product, 1)
    return take_payment(ticket, salon.front_desk, Tender(PaymentMethod.CASH, 2000))


def test_closing_the_day_with_a_cash_difference_leaves_a_task(page, live_server, salon):
    log_in(page, live_server, salon.manager.username)
    page.goto(f"{live_server.url}/")
    page.click("nav.mainnav a:has-text('Drawer')")
    page.fill("input[name=float_total]", "50.00")
    page.click("button:has-text('Open the drawer')")
    page.wait_for_load_state("networkidle")
    assert "Drawer opened with a float of £50.00." in page.content()

    cash_sale(salon, 1200)  # £20 handed over, £8 change: the drawer keeps £12
    page.reload()
    assert page.locator("#expected-cash").inner_text() == "£62.00"

    page.click("a:has-text('Close the day')")
    page.wait_for_load_state("networkidle")
    page.fill("input[name=count_n2000]", "3")  # £60: £2 short
    page.fill("input[name=closing_float]", "50")
    page.click("button:has-text('Close the day')")
    page.wait_for_load_state("networkidle")
    assert "Cash is £2.00 short: say why." in page.content()
    assert not ClosedDay.objects.exists()

    page.fill("input[name=cash_reason]", "Two pound coin given as change twice")
    page.click("button:has-text('Close the day')")
    page.wait_for_load_state("networkidle")
    assert "is closed" in page.locator("h1").inner_text()
    assert "1 task(s) added for tomorrow." in page.content()
    assert CloseOut.objects.get().closing_float == 5000

    page.click("a.button:has-text('Tasks')")
    page.wait_for_load_state("networkidle")
    task = Task.objects.get()
    item = page.locator(f"#task-{task.pk}")
    assert "Cash was £2.00 short" in item.inner_text()
    assert "Two pound coin given as change twice" in item.inner_text()
    assert f"due {task.due:%a %-d %b %Y}" in item.inner_text()
