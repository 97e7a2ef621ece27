from django.urls import reverse

from salonkeep.accounts.models import Business
from salonkeep.activity.models import ActivityEntry

URL = reverse("accounts:business")
GOOD = {"name": "Rose and Thorn Hair", "currency": "EUR", "time_zone": "Europe/Dublin"}


def test_it_shows_the_business_details_to_the_owner(as_owner, salon):
    response = as_owner.get(URL)
    assert response.status_code == 200
    assert b'value="Rose &amp; Thorn"' in response.content
    assert b'<option value="America/New_York">' in response.content  # time zone suggestions
    assert salon.business.slug.encode() in response.content


def test_it_saves_the_business_details(as_owner, salon):
    response = as_owner.post(URL, GOOD)
    assert response.status_code == 302
    assert response.url == reverse("accounts:settings")
    business = Business.objects.get(pk=salon.business.pk)
    assert (business.name, business.currency, business.time_zone) == (
        "Rose and Thorn Hair",
        "EUR",
        "Europe/Dublin",
    )
    assert business.slug == salon.business.slug  # other commands rely on it
    entry = ActivityEntry.objects.get(model="accounts.business", action="changed")
    assert entry.actor == salon.owner
    assert entry.changes["time_zone"] == ["Europe/London", "Europe/Dublin"]


def test_it_refuses_an_unknown_time_zone(as_owner, salon):
    response = as_owner.post(URL, {**GOOD, "time_zone": "Europe/Atlantis"})
    assert response.status_code == 200
    assert "not a time zone name" in " ".join(response.context["form"].errors["time_zone"])
    # The header still shows the stored name, and nothing was saved.
    assert b"Rose &amp; Thorn" in response.content
    assert Business.objects.get(pk=salon.business.pk).name == "Rose & Thorn"


def test_it_refuses_a_blank_or_oversized_name_and_an_unknown_currency(as_owner, salon):
    for bad in ({"name": "   "}, {"name": "x" * 121}, {"currency": "BTC"}):
        response = as_owner.post(URL, {**GOOD, **bad})
        assert response.status_code == 200
        assert response.context["form"].errors
    business = Business.objects.get(pk=salon.business.pk)
    assert (business.name, business.currency) == ("Rose & Thorn", "GBP")


def test_it_is_for_the_owner_only(as_manager, as_front_desk, as_stylist, salon):
    for http in (as_manager, as_front_desk, as_stylist):
        assert http.get(URL).status_code == 403
        assert http.post(URL, GOOD).status_code == 403
    assert Business.objects.get(pk=salon.business.pk).name == "Rose & Thorn"


def test_it_changes_only_the_owners_own_business(as_owner, salon, other):
    as_owner.post(URL, GOOD)
    assert Business.objects.get(pk=other.business.pk).name == "Other Salon"


def test_it_refuses_other_methods(as_owner):
    assert as_owner.delete(URL).status_code == 405
