"""The coupon pages for owners and managers."""

import pytest
from django.urls import reverse

from salonkeep.catalog.models import ServiceCategory
from salonkeep.coupons.models import Coupon
from tests.conftest import logged_in
from tests.sales.helpers import messages_of

LIST = reverse("coupons:list")
NEW = reverse("coupons:create")


def form(**changes):
    data = {
        "code": "spring-10",
        "description": "Spring offer",
        "kind": "percent",
        "value_text": "10",
        "scope": "all",
        "valid_from": "2026-11-01",
        "valid_until": "2026-11-30",
        "limit_total": "100",
        "limit_per_client": "2",
        "is_active": "on",
    }
    return data | changes


def test_a_manager_creates_and_edits_a_coupon(as_manager, salon):
    response = as_manager.post(NEW, form(), follow=True)
    assert "Coupon SPRING-10 is saved." in messages_of(response)
    coupon = Coupon.objects.get()
    assert (coupon.code, coupon.kind, coupon.value, coupon.limit_per_client) == (
        "SPRING-10",
        "percent",
        1000,
        2,
    )
    page = as_manager.get(LIST).content.decode()
    assert "SPRING-10" in page and "10 % off" in page and "0 of 100" in page
    edit = reverse("coupons:edit", args=[coupon.pk])
    assert 'value="10"' in as_manager.get(edit).content.decode()
    colour = ServiceCategory.objects.get(business=salon.business, name="Colour")
    as_manager.post(
        edit,
        form(kind="amount", value_text="5", scope="category", category=colour.pk, limit_total=""),
    )
    coupon.refresh_from_db()
    assert (coupon.kind, coupon.value, coupon.category, coupon.limit_total) == (
        "amount",
        500,
        colour,
        None,
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "x"}, "That is not a coupon code"),
        ({"code": "A" * 41}, "at most 40 characters"),
        ({"value_text": "-5"}, "A percentage is between 0 and 100."),
        ({"kind": "amount", "value_text": "-5"}, "An amount cannot be negative."),
        ({"value_text": "0"}, "The discount must be more than zero."),
        ({"value_text": "150"}, "A percentage is between 0 and 100."),
        ({"value_text": "lots"}, "is not a percentage"),
        ({"kind": "amount", "value_text": "lots"}, "is not an amount such as"),
        ({"scope": "service"}, "Choose the service the coupon applies to."),
        ({"valid_until": "2026-10-01"}, "The last day cannot be before the first."),
        ({"valid_from": "1st of May"}, "Enter a date such as 2026-12-31."),
        ({"limit_total": "0"}, "greater than or equal to 1"),
        ({"limit_per_client": "-1"}, "greater than or equal to 1"),
        ({"description": "x" * 121}, "at most 120 characters"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(as_manager, salon, changes, message):
    response = as_manager.post(NEW, form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Coupon.objects.exists()


def test_codes_are_unique_per_business(as_manager, salon, other):
    Coupon.objects.create(business=other.business, code="SPRING-10", kind="amount", value=100)
    as_manager.post(NEW, form())
    response = as_manager.post(NEW, form(code="Spring-10"))
    assert "There is already a coupon with that code." in response.content.decode()
    assert Coupon.objects.filter(business=salon.business).count() == 1


def test_another_business_service_cannot_be_chosen(as_manager, salon, other):
    response = as_manager.post(NEW, form(scope="service", service=other.cut.pk))
    assert "Select a valid choice" in response.content.decode()
    assert not Coupon.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("owner", 200), ("manager", 200), ("front_desk", 403), ("stylist", 403)]
)
def test_who_may_manage_coupons(salon, role, status):
    coupon = Coupon.objects.create(business=salon.business, code="X10", kind="amount", value=1)
    http = logged_in(salon.user(role))
    assert http.get(LIST).status_code == status
    assert http.get(NEW).status_code == status
    assert http.get(reverse("coupons:edit", args=[coupon.pk])).status_code == status
    if status == 403:
        assert http.post(NEW, form()).status_code == 403
        assert Coupon.objects.count() == 1


def test_anonymous_wrong_method_and_another_business(client, as_manager, other):
    theirs = Coupon.objects.create(business=other.business, code="T1X", kind="amount", value=1)
    response = client.get(LIST)
    assert response.status_code == 302 and "/login" in response["Location"]
    assert as_manager.post(LIST).status_code == 405
    assert as_manager.delete(NEW).status_code == 405
    assert as_manager.get(reverse("coupons:edit", args=[theirs.pk])).status_code == 404
    assert as_manager.post(reverse("coupons:edit", args=[theirs.pk]), form()).status_code == 404
    theirs.refresh_from_db()
    assert theirs.code == "T1X"
