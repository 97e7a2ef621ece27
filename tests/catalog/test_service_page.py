"""One service's page: standard terms, who performs it, and their own terms."""

import pytest
from django.urls import reverse

from salonkeep.catalog.models import ServicePerformer
from salonkeep.team.models import TeamMember
from tests.conftest import logged_in


def page_url(service):
    return reverse("catalog:service", args=[service.pk])


def add_url(service):
    return reverse("catalog:performer_add", args=[service.pk])


def edit_url(terms):
    return reverse("catalog:performer_edit", args=[terms.service_id, terms.pk])


def remove_url(terms):
    return reverse("catalog:performer_remove", args=[terms.service_id, terms.pk])


def terms_of(salon, member, service=None):
    return ServicePerformer.objects.get(service=service or salon.colour, team_member=member)


@pytest.fixture
def kim(salon):
    return TeamMember.objects.create(business=salon.business, name="Kim Newcomer", position=5)


# The page


def test_it_shows_standard_and_own_terms(as_stylist, salon):
    terms = terms_of(salon, salon.owner_member)
    terms.price, terms.initial_minutes = 9900, 20
    terms.save()
    response = as_stylist.get(page_url(salon.colour))
    assert response.status_code == 200
    text = response.content.decode()
    assert "£85.00" in text and "£99.00" in text
    row = text[text.index(f'id="performer-{terms.pk}"') :]
    row = row[: row.index("</tr>")]
    assert 'class="own-terms">£99.00' in row and 'class="own-terms">20 min' in row
    assert "1 h 35 min" in row  # 20 + 45 + 30
    assert "Own terms" not in text and "Add a team member" not in text


def test_it_offers_managers_the_team_members_not_yet_performing(as_manager, salon, kim):
    text = as_manager.get(page_url(salon.colour)).content.decode()
    assert "Add a team member" in text
    assert f'<option value="{kim.pk}">Kim Newcomer</option>' in text
    assert f'<option value="{salon.jo.pk}">' not in text


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_it_is_open_to_every_role(salon, role):
    assert logged_in(salon.user(role)).get(page_url(salon.cut)).status_code == 200


def test_it_sends_anonymous_visitors_to_login(client, salon):
    assert client.get(page_url(salon.cut)).status_code == 302


def test_it_hides_another_business_service(as_owner, other):
    assert as_owner.get(page_url(other.cut)).status_code == 404


def test_it_refuses_post_on_the_page(as_owner, salon):
    assert as_owner.post(page_url(salon.cut)).status_code == 405


# Adding a performer


def test_it_adds_a_performer_with_own_terms(as_owner, salon, kim):
    response = as_owner.post(
        add_url(salon.colour),
        {"team_member": kim.pk, "price": "60", "processing_minutes": "55", "initial_minutes": ""},
    )
    assert response.status_code == 302
    terms = terms_of(salon, kim)
    assert terms.price == 6000 and terms.processing_minutes == 55
    assert terms.initial_minutes is None and terms.finish_minutes is None


def test_it_adds_a_performer_on_standard_terms(as_manager, salon, kim):
    as_manager.post(add_url(salon.cut), {"team_member": kim.pk})
    terms = terms_of(salon, kim, salon.cut)
    assert terms.price is None and terms.blocked_minutes is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"price": "sixty"}, "is not an amount such as 45.00"),
        ({"price": "-1"}, "A price cannot be negative."),
        ({"blocked_minutes": "700"}, "At most 600 minutes."),
        ({"initial_minutes": "0", "finish_minutes": "0"}, "needs some initial or finish time"),
        ({"team_member": "abc"}, "Choose one of the listed team members."),
        ({"team_member": ""}, "This field is required."),
    ],
)
def test_it_refuses_bad_terms(as_owner, salon, kim, changes, message):
    data = {"team_member": kim.pk, **changes}
    response = as_owner.post(add_url(salon.colour), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ServicePerformer.objects.filter(team_member=kim).exists()


def test_it_refuses_someone_already_performing_inactive_or_elsewhere(as_owner, salon, other, kim):
    kim.is_active = False
    kim.save()
    before = ServicePerformer.objects.count()
    for member in (salon.jo, kim, other.jo):
        response = as_owner.post(add_url(salon.colour), {"team_member": member.pk})
        assert "Choose one of the listed team members." in response.content.decode()
    assert ServicePerformer.objects.count() == before


def test_it_does_not_add_to_another_business_service(as_owner, other, kim):
    assert as_owner.post(add_url(other.colour), {"team_member": kim.pk}).status_code == 404
    assert not ServicePerformer.objects.filter(team_member=kim).exists()


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_lets_only_managers_add(salon, kim, role):
    response = logged_in(salon.user(role)).post(add_url(salon.colour), {"team_member": kim.pk})
    assert response.status_code == 403
    assert not ServicePerformer.objects.filter(team_member=kim).exists()


def test_it_adds_only_by_post(as_owner, salon):
    assert as_owner.get(add_url(salon.colour)).status_code == 405


# Changing a performer's own terms


def test_it_shows_own_terms_for_editing(as_owner, salon):
    terms = terms_of(salon, salon.jo)
    terms.price = 7000
    terms.save()
    text = as_owner.get(edit_url(terms)).content.decode()
    assert 'value="70.00"' in text
    assert "Empty: 85.00" in text and "Empty: 45" in text


def test_it_sets_and_clears_own_terms(as_owner, salon):
    terms = terms_of(salon, salon.jo)
    terms.price = 7000
    terms.save()
    response = as_owner.post(edit_url(terms), {"price": "", "finish_minutes": "40"})
    assert response.status_code == 302
    terms.refresh_from_db()
    assert terms.price is None and terms.finish_minutes == 40


def test_it_refuses_bad_own_terms(as_owner, salon):
    terms = terms_of(salon, salon.jo)
    response = as_owner.post(edit_url(terms), {"initial_minutes": "-5", "price": "12"})
    assert "Minutes cannot be negative." in response.content.decode()
    terms.refresh_from_db()
    assert terms.price is None and terms.initial_minutes is None


def test_it_does_not_edit_terms_of_another_service_or_business(as_owner, salon, other):
    cut_terms = terms_of(salon, salon.jo, salon.cut)
    mixed = reverse("catalog:performer_edit", args=[salon.colour.pk, cut_terms.pk])
    assert as_owner.get(mixed).status_code == 404
    other_terms = ServicePerformer.objects.get(service=other.colour, team_member=other.jo)
    assert as_owner.post(edit_url(other_terms), {"price": "1"}).status_code == 404
    other_terms.refresh_from_db()
    assert other_terms.price is None


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_lets_only_managers_edit_terms(salon, role):
    terms = terms_of(salon, salon.jo)
    response = logged_in(salon.user(role)).post(edit_url(terms), {"price": "1"})
    assert response.status_code == 403
    terms.refresh_from_db()
    assert terms.price is None


def test_it_refuses_other_methods_for_terms(as_owner, salon):
    assert as_owner.put(edit_url(terms_of(salon, salon.jo))).status_code == 405


# Removing a performer


def test_it_removes_a_performer(as_owner, salon):
    terms = terms_of(salon, salon.jo)
    response = as_owner.post(remove_url(terms))
    assert response.status_code == 302
    assert not ServicePerformer.objects.filter(pk=terms.pk).exists()


def test_it_removes_only_by_post_and_for_managers(as_owner, as_stylist, salon):
    terms = terms_of(salon, salon.jo)
    assert as_owner.get(remove_url(terms)).status_code == 405
    assert as_stylist.post(remove_url(terms)).status_code == 403
    assert ServicePerformer.objects.filter(pk=terms.pk).exists()


def test_it_does_not_remove_another_business_performer(as_owner, other):
    terms = ServicePerformer.objects.get(service=other.colour, team_member=other.jo)
    assert as_owner.post(remove_url(terms)).status_code == 404
    assert ServicePerformer.objects.filter(pk=terms.pk).exists()
