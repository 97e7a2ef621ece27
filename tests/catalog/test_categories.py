"""Service categories: list, add, edit, reorder, delete."""

import pytest
from django.urls import reverse

from salonkeep.catalog.models import Service, ServiceCategory
from tests.conftest import logged_in

LIST = reverse("catalog:categories")
CREATE = reverse("catalog:category_create")


def categories(salon):
    return list(
        ServiceCategory.objects.filter(business=salon.business).values_list("name", flat=True)
    )


@pytest.fixture
def three(salon):
    colour = salon.colour.category
    cutting = ServiceCategory.objects.create(business=salon.business, name="Cutting", position=1)
    nails = ServiceCategory.objects.create(business=salon.business, name="Nails", position=2)
    return colour, cutting, nails


def move(http, category, direction):
    return http.post(reverse("catalog:category_move", args=[category.pk]), {"direction": direction})


def test_it_lists_categories_with_their_service_counts(as_manager, salon, three):
    text = as_manager.get(LIST).content.decode()
    assert text.index("Colour") < text.index("Cutting") < text.index("Nails")
    row = text[text.index(f'id="category-{three[0].pk}"') :]
    assert "<td>1</td>" in row[: row.index("</tr>")]


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_is_only_for_managers(salon, role):
    http = logged_in(salon.user(role))
    assert http.get(LIST).status_code == 403
    assert http.post(CREATE, {"name": "Nails", "position": 1}).status_code == 403
    assert "Nails" not in categories(salon)


def test_it_sends_anonymous_visitors_to_login(client, salon):
    assert client.get(LIST).status_code == 302


def test_it_adds_a_category_after_the_last(as_owner, salon):
    assert 'value="1"' in as_owner.get(CREATE).content.decode()
    response = as_owner.post(CREATE, {"name": "  Nails ", "position": "1"})
    assert response.status_code == 302
    assert categories(salon) == ["Colour", "Nails"]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "colour", "position": "1"}, "There is already a category with that name."),
        ({"name": "n" * 81, "position": "1"}, "at most 80 characters"),
        ({"name": "Nails", "position": "-2"}, "greater than or equal to 0"),
        ({"name": "Nails", "position": "99999"}, "less than or equal to 32767"),
        ({"name": "", "position": "1"}, "This field is required."),
    ],
)
def test_it_refuses_bad_categories(as_owner, salon, data, message):
    response = as_owner.post(CREATE, data)
    assert message in response.content.decode()
    assert categories(salon) == ["Colour"]


def test_it_allows_the_same_name_as_another_business(as_owner, salon, other):
    assert as_owner.post(CREATE, {"name": "Barbering", "position": "0"}).status_code == 302
    ServiceCategory.objects.create(business=other.business, name="Nails")
    assert as_owner.post(CREATE, {"name": "Nails", "position": "0"}).status_code == 302


def test_it_renames_a_category(as_manager, salon):
    category = salon.colour.category
    url = reverse("catalog:category_edit", args=[category.pk])
    assert "Colour" in as_manager.get(url).content.decode()
    assert as_manager.post(url, {"name": "Colour & tone", "position": "0"}).status_code == 302
    category.refresh_from_db()
    assert category.name == "Colour & tone"


def test_it_does_not_edit_another_business_category(as_owner, other):
    url = reverse("catalog:category_edit", args=[other.colour.category_id])
    assert as_owner.post(url, {"name": "Mine now", "position": "0"}).status_code == 404
    assert ServiceCategory.objects.filter(business=other.business, name="Colour").exists()


def test_it_refuses_other_methods_for_editing(as_owner, salon):
    url = reverse("catalog:category_edit", args=[salon.colour.category_id])
    assert as_owner.put(url).status_code == 405


def test_it_moves_categories_up_and_down(as_owner, salon, three):
    colour, _, nails = three
    move(as_owner, nails, "up")
    assert categories(salon) == ["Colour", "Nails", "Cutting"]
    move(as_owner, colour, "down")
    assert categories(salon) == ["Nails", "Colour", "Cutting"]
    move(as_owner, nails, "up")  # already first: stays
    assert categories(salon) == ["Nails", "Colour", "Cutting"]


def test_it_moves_categories_that_share_a_position(as_owner, salon, three):
    nails = three[2]
    for category in three:
        category.position = 0
        category.save()
    move(as_owner, nails, "up")
    assert categories(salon) == ["Colour", "Nails", "Cutting"]


def test_it_refuses_an_unknown_direction(as_owner, salon, three):
    response = move(as_owner, three[2], "sideways")
    assert response.status_code == 302
    assert categories(salon) == ["Colour", "Cutting", "Nails"]


def test_it_moves_only_by_post_for_managers_of_the_business(as_owner, as_stylist, salon, other):
    category = salon.colour.category
    url = reverse("catalog:category_move", args=[category.pk])
    assert as_owner.get(url).status_code == 405
    assert move(as_stylist, category, "down").status_code == 403
    assert move(as_owner, other.colour.category, "down").status_code == 404


def test_it_deletes_a_category_and_keeps_its_services(as_owner, salon):
    category = salon.colour.category
    url = reverse("catalog:category_delete", args=[category.pk])
    assert as_owner.get(url).status_code == 405
    assert logged_in(salon.front_desk).post(url).status_code == 403
    assert as_owner.post(url).status_code == 302
    assert categories(salon) == []
    service = Service.objects.get(pk=salon.colour.pk)
    assert service.category is None


def test_it_does_not_delete_another_business_category(as_owner, other):
    url = reverse("catalog:category_delete", args=[other.colour.category_id])
    assert as_owner.post(url).status_code == 404
    assert ServiceCategory.objects.filter(business=other.business).exists()
