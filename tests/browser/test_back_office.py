"""In a real browser: the back-office pages that have no drill of their own — tax rates
and retail products, the outage pack settings, the end-of-day report and the
installation's public status page."""

from __future__ import annotations

import pytest

from salonkeep.continuity.runs import settings_for
from salonkeep.printouts.models import OutagePackRun, OutagePackSettings
from salonkeep.sales.models import Product, TaxRate
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def settle(page):
    page.wait_for_load_state("networkidle")


def test_a_manager_adds_a_tax_rate_and_a_product(page, live_server, salon):
    log_in(page, live_server, salon.manager.username)
    page.goto(f"{live_server.url}/checkout/tax-rates/new/")
    page.fill("[name='name']", "VAT")
    page.fill("[name='percent']", "fifty")
    page.click("button:has-text('Add the tax rate')")
    settle(page)
    assert page.locator("text=is not a percentage").first.is_visible()
    assert not TaxRate.objects.filter(business=salon.business).exists()
    page.fill("[name='percent']", "20")
    page.click("button:has-text('Add the tax rate')")
    settle(page)
    assert page.locator("text=Added the tax rate VAT.").is_visible()

    page.goto(f"{live_server.url}/checkout/products/new/")
    page.fill("[name='name']", "Argan shampoo")
    page.fill("[name='price']", "14.50")
    page.select_option("[name='tax_rate']", label="VAT")
    page.fill("[name='stock']", "6")
    page.click("button:has-text('Add the product')")
    settle(page)
    assert page.locator("text=Added the product Argan shampoo.").is_visible()
    assert page.locator("td:has-text('Argan shampoo')").is_visible()
    product = Product.objects.get(business=salon.business)
    assert (product.price, product.stock, product.tax_rate.name) == (1450, 6, "VAT")


def test_the_owner_sets_and_writes_the_outage_pack(page, live_server, salon, tmp_path):
    backup_settings = settings_for(salon.business)
    backup_settings.location = str(tmp_path)
    backup_settings.save()
    log_in(page, live_server, salon.owner.username)
    page.goto(f"{live_server.url}/print/outage-pack/")
    assert page.locator("h1:has-text('Outage pack')").is_visible()
    page.fill("[name='at']", "18:30")
    page.click("button:has-text('Save')")
    settle(page)
    assert OutagePackSettings.objects.get(business=salon.business).at.strftime("%H:%M") == "18:30"
    page.click("button:has-text('Write the outage pack now')")
    settle(page)
    run = OutagePackRun.objects.get(business=salon.business)
    assert run.files > 0, run.error
    assert list((tmp_path / salon.business.slug / "outage-pack").iterdir())


def test_the_owner_reads_the_end_of_day_report(page, live_server, salon):
    log_in(page, live_server, salon.owner.username)
    response = page.goto(f"{live_server.url}/drawer/report/")
    assert response.status == 200
    assert page.locator("text=Payments").first.is_visible()
    response = page.goto(f"{live_server.url}/drawer/report/?date=24-11-2026")
    assert response.status == 400
    assert "is not a date" in page.locator("body").inner_text()


def test_anyone_reads_the_installation_status_page(page, live_server, salon):
    page.goto(f"{live_server.url}/status/")
    settle(page)
    assert "Service status" in page.title()
    assert page.locator("text=Card payments").first.is_visible()
