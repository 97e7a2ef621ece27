"""Retail products: list, add, edit (owners and managers only)."""

import pytest
from django.urls import reverse

from salonkeep.sales.models import Product
from tests.conftest import logged_in
from tests.sales.helpers import shampoo, vat

LIST = reverse("sales:products")
CREATE = reverse("sales:product_create")


def form(**changes):
    data = {"name": "Argan oil", "sku": "5012345678900", "price": "18.50", "tax_rate": ""}
    data |= {"stock": "12", "is_active": "on"}
    return data | changes


def test_it_lists_products_with_price_and_stock(as_manager, salon, other):
    shampoo(salon, stock=7)
    Product.objects.create(business=other.business, name="Elsewhere wax", price=100)
    text = as_manager.get(LIST).content.decode()
    assert "Shampoo" in text and "£12.00" in text and ">7<" in text
    assert "Elsewhere wax" not in text


def test_it_adds_a_product_in_minor_units(as_owner, salon):
    rate = vat(salon)
    response = as_owner.post(CREATE, form(tax_rate=rate.pk))
    assert response.status_code == 302
    product = Product.objects.get(business=salon.business)
    assert (product.name, product.price, product.stock, product.tax_rate) == (
        "Argan oil",
        1850,
        12,
        rate,
    )


def test_it_edits_a_product(as_manager, salon):
    product = shampoo(salon)
    url = reverse("sales:product_edit", args=[product.pk])
    assert "12.00" in as_manager.get(url).content.decode()
    assert as_manager.post(url, form(name="Shampoo 250 ml", price="13")).status_code == 302
    product.refresh_from_db()
    assert (product.name, product.price, product.stock) == ("Shampoo 250 ml", 1300, 12)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"price": "-4"}, "An amount cannot be negative."),
        ({"price": "lots"}, "is not an amount such as 45.00"),
        ({"price": ""}, "This field is required."),
        ({"stock": "-1"}, "Stock cannot be negative."),
        ({"stock": "ten"}, "Enter a number."),
        ({"name": "n" * 121}, "at most 120 characters"),
        ({"sku": "s" * 61}, "at most 60 characters"),
        ({"tax_rate": "999999"}, "Select a valid choice"),
    ],
)
def test_it_refuses_bad_products(as_owner, salon, changes, message):
    response = as_owner.post(CREATE, form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Product.objects.exists()


def test_it_refuses_another_business_tax_rate(as_owner, salon, other):
    rate = vat(other)
    response = as_owner.post(CREATE, form(tax_rate=rate.pk))
    assert "Select a valid choice" in response.content.decode()
    assert not Product.objects.exists()


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_is_only_for_managers(salon, role):
    http = logged_in(salon.user(role))
    product = shampoo(salon)
    assert http.get(LIST).status_code == 403
    assert http.post(CREATE, form()).status_code == 403
    assert http.post(reverse("sales:product_edit", args=[product.pk]), form()).status_code == 403
    assert Product.objects.count() == 1


def test_it_sends_anonymous_visitors_to_login(client, salon):
    assert client.get(LIST).status_code == 302
    assert client.post(CREATE, form()).status_code == 302


def test_it_hides_another_business_products(as_owner, salon, other):
    product = shampoo(other)
    url = reverse("sales:product_edit", args=[product.pk])
    assert as_owner.get(url).status_code == 404
    assert as_owner.post(url, form()).status_code == 404


def test_it_refuses_other_methods(as_owner, salon):
    assert as_owner.post(LIST).status_code == 405
    assert as_owner.delete(CREATE).status_code == 405
