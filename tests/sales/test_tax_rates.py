"""Tax rates: percent in basis points, inclusive or exclusive, one rate for services."""

import pytest
from django.urls import reverse

from salonkeep.sales.models import TaxRate
from tests.conftest import logged_in
from tests.sales.helpers import vat

LIST = reverse("sales:tax_rates")
CREATE = reverse("sales:tax_rate_create")


def form(**changes):
    data = {"name": "Reduced", "percent": "12.5", "inclusive": "on", "is_active": "on"}
    return data | changes


def test_it_adds_a_rate_in_basis_points(as_owner, salon):
    assert as_owner.post(CREATE, form()).status_code == 302
    rate = TaxRate.objects.get(business=salon.business)
    assert (rate.basis_points, rate.inclusive, rate.for_services) == (1250, True, False)
    assert "12.5 %" in as_owner.get(LIST).content.decode()


def test_it_keeps_one_rate_for_services(as_manager, salon):
    first = vat(salon, for_services=True)
    assert as_manager.post(CREATE, form(for_services="on")).status_code == 302
    first.refresh_from_db()
    assert not first.for_services
    assert TaxRate.objects.get(name="Reduced").for_services


def test_it_edits_a_rate(as_owner, salon):
    rate = vat(salon)
    url = reverse("sales:tax_rate_edit", args=[rate.pk])
    assert 'value="20"' in as_owner.get(url).content.decode()
    assert as_owner.post(url, form(name="VAT", percent="5", inclusive="")).status_code == 302
    rate.refresh_from_db()
    assert (rate.basis_points, rate.inclusive) == (500, False)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"percent": "-5"}, "A percentage is between 0 and 100."),
        ({"percent": "101"}, "A percentage is between 0 and 100."),
        ({"percent": "twenty"}, "is not a percentage such as 10 or 12.5"),
        ({"percent": "12.345"}, "is not a percentage"),
        ({"name": "VAT"}, "There is already a tax rate with that name."),
        ({"name": "x" * 61}, "at most 60 characters"),
    ],
)
def test_it_refuses_bad_rates(as_owner, salon, changes, message):
    vat(salon)
    response = as_owner.post(CREATE, form(**changes))
    assert message in response.content.decode()
    assert TaxRate.objects.count() == 1


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_is_only_for_managers(salon, role):
    http = logged_in(salon.user(role))
    assert http.get(LIST).status_code == 403
    assert http.post(CREATE, form()).status_code == 403
    assert not TaxRate.objects.exists()


def test_it_hides_another_business_rates(as_owner, salon, other):
    url = reverse("sales:tax_rate_edit", args=[vat(other).pk])
    assert as_owner.get(url).status_code == 404
    assert as_owner.post(url, form()).status_code == 404


def test_it_sends_anonymous_visitors_to_login_and_refuses_other_methods(client, as_owner, salon):
    assert client.get(LIST).status_code == 302
    assert as_owner.post(LIST).status_code == 405
