"""The service menu page."""

import pytest
from django.urls import reverse

from salonkeep.catalog.models import Service, ServicePerformer
from tests.conftest import logged_in

URL = reverse("catalog:services")


def test_it_shows_the_menu_grouped_by_category(as_stylist, salon):
    response = as_stylist.get(URL)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Colour" in text and "Other services" in text
    # Categories come first, uncategorised services last.
    assert (
        text.index("Full head colour") < text.index("Other services") < text.index("Cut and finish")
    )
    assert "£85.00" in text and "£45.00" in text
    assert "1 h 45 min" in text  # 30 + 45 + 30: the client's time, without clean-up
    assert "45 min processing" in text and "+15 min clean-up" in text
    assert "Sam Stylist" in text and "Jo Junior" in text


def test_it_shows_the_range_when_a_team_member_charges_more(as_front_desk, salon):
    terms = ServicePerformer.objects.get(service=salon.colour, team_member=salon.owner_member)
    terms.price = 9500
    terms.processing_minutes = 60
    terms.save()
    text = as_front_desk.get(URL).content.decode()
    assert "£85.00–£95.00" in text
    assert "1 h 45 min–2 h" in text


def test_it_leaves_out_inactive_team_members(as_stylist, salon):
    salon.jo.is_active = False
    salon.jo.save()
    assert "Jo Junior" not in as_stylist.get(URL).content.decode()


def test_it_hides_inactive_services_from_staff_who_cannot_manage(as_stylist, as_manager, salon):
    salon.cut.is_active = False
    salon.cut.save()
    assert "Cut and finish" not in as_stylist.get(URL).content.decode()
    text = as_manager.get(URL).content.decode()
    assert "Inactive services" in text and "Cut and finish" in text


def test_it_offers_editing_only_to_managers(as_stylist, as_owner):
    assert "Add a service" not in as_stylist.get(URL).content.decode()
    assert "Add a service" in as_owner.get(URL).content.decode()


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_is_open_to_every_role(salon, role):
    assert logged_in(salon.user(role)).get(URL).status_code == 200


def test_it_sends_anonymous_visitors_to_login(client, salon):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_never_shows_another_business_services(as_owner, salon, other):
    Service.objects.create(business=other.business, name="Other balayage", price=1)
    assert "Other balayage" not in as_owner.get(URL).content.decode()


def test_it_says_when_the_menu_is_empty(as_owner, salon):
    Service.objects.filter(business=salon.business).delete()
    assert "The menu has no services yet" in as_owner.get(URL).content.decode()


def test_it_refuses_post(as_owner):
    assert as_owner.post(URL).status_code == 405
