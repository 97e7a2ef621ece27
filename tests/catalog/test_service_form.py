"""Adding, editing and deleting (or deactivating) services."""

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from salonkeep.activity.models import ActivityEntry
from salonkeep.book.models import Appointment, AppointmentService
from salonkeep.catalog.models import Service, ServiceCategory, ServicePerformer
from tests.conftest import logged_in

CREATE = reverse("catalog:service_create")


def form_data(salon, **changes):
    data = {
        "name": "Balayage",
        "category": str(salon.colour.category_id),
        "description": "Hand-painted highlights.",
        "price": "120.50",
        "initial_minutes": "60",
        "processing_minutes": "40",
        "finish_minutes": "30",
        "blocked_minutes": "10",
        "position": "3",
        "is_active": "on",
        "performers": [str(salon.owner_member.pk), str(salon.jo.pk)],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def edit_url(service):
    return reverse("catalog:service_edit", args=[service.pk])


def delete_url(service):
    return reverse("catalog:service_delete", args=[service.pk])


def book(salon, service):
    start = datetime(2026, 7, 1, 9, tzinfo=UTC)
    appointment = Appointment.objects.create(
        business=salon.business,
        location=salon.location,
        client=salon.client,
        starts_at=start,
        ends_at=start + timedelta(minutes=105),
    )
    return AppointmentService.objects.create(
        business=salon.business,
        appointment=appointment,
        service=service,
        team_member=salon.stylist_member,
        service_name=service.name,
        price=service.price,
        starts_at=start,
        ends_at=start + timedelta(minutes=120),
        initial_minutes=30,
        processing_minutes=45,
        finish_minutes=30,
        blocked_minutes=15,
    )


# Creating


def test_it_creates_a_service_with_its_parts_and_performers(as_owner, salon):
    response = as_owner.post(CREATE, form_data(salon))
    service = Service.objects.get(business=salon.business, name="Balayage")
    assert response.status_code == 302
    assert response["Location"] == reverse("catalog:service", args=[service.pk])
    assert service.price == 12050
    assert (
        service.initial_minutes,
        service.processing_minutes,
        service.finish_minutes,
        service.blocked_minutes,
    ) == (60, 40, 30, 10)
    assert service.client_minutes == 130
    assert service.category == salon.colour.category
    assert service.is_active
    performers = set(
        ServicePerformer.objects.filter(service=service).values_list("team_member__name", flat=True)
    )
    assert performers == {salon.owner_member.name, "Jo Junior"}
    # No overrides: everyone starts on the standard terms.
    assert not ServicePerformer.objects.filter(service=service, price__isnull=False).exists()


def test_it_offers_every_active_team_member_ticked(as_manager, salon):
    salon.jo.is_active = False
    salon.jo.save()
    text = as_manager.get(CREATE).content.decode()
    boxes = re.findall(r'<input[^>]*name="performers"[^>]*>', text)
    assert len(boxes) == 2
    assert all(" checked" in box for box in boxes)
    assert "Jo Junior" not in text


def test_it_accepts_a_price_with_the_currency_symbol(as_owner, salon):
    as_owner.post(CREATE, form_data(salon, price="£45"))
    assert Service.objects.get(business=salon.business, name="Balayage").price == 4500


def test_it_allows_a_service_without_category_or_performers(as_manager, salon):
    response = as_manager.post(CREATE, form_data(salon, category="", performers=None))
    assert response.status_code == 302
    service = Service.objects.get(business=salon.business, name="Balayage")
    assert service.category is None
    assert not service.performer_terms.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"price": "lots"}, "is not an amount such as 45.00"),
        ({"price": "-5.00"}, "A price cannot be negative."),
        ({"price": "999999999"}, "That price is too large."),
        ({"price": ""}, "This field is required."),
        ({"initial_minutes": "601"}, "At most 600 minutes."),
        ({"processing_minutes": "-1"}, "Minutes cannot be negative."),
        ({"finish_minutes": "1.5"}, "Enter whole minutes, such as 30."),
        ({"initial_minutes": "0", "finish_minutes": "0"}, "needs some initial or finish time"),
        ({"name": "x" * 121}, "at most 120 characters"),
        ({"name": "  "}, "This field is required."),
        ({"name": "cut AND finish"}, "There is already a service with that name."),
        ({"description": "y" * 2001}, "at most 2000 characters"),
        ({"position": "-1"}, "greater than or equal to 0"),
        ({"category": "999999"}, "Select a valid choice"),
        ({"category": "abc"}, "Select a valid choice"),
        ({"performers": ["abc"]}, "is not a valid value"),
        ({"performers": ["9" * 30]}, "Select a valid choice"),
        ({"category": "9" * 30}, "Select a valid choice"),
        ({"name": "Bala\x00yage"}, "Null characters are not allowed."),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(as_owner, salon, changes, message):
    before = Service.objects.count()
    response = as_owner.post(CREATE, form_data(salon, **changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Service.objects.count() == before


def test_it_refuses_another_business_category_and_team_member(as_owner, salon, other):
    response = as_owner.post(
        CREATE,
        form_data(salon, category=str(other.colour.category_id), performers=[str(other.jo.pk)]),
    )
    text = response.content.decode()
    assert text.count("Select a valid choice") == 2
    assert not Service.objects.filter(name="Balayage").exists()


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_is_only_for_managers(salon, role):
    http = logged_in(salon.user(role))
    assert http.get(CREATE).status_code == 403
    assert http.post(CREATE, form_data(salon)).status_code == 403
    assert not Service.objects.filter(name="Balayage").exists()


def test_it_sends_anonymous_visitors_to_login(client, salon):
    assert client.post(CREATE, form_data(salon)).status_code == 302
    assert not Service.objects.filter(name="Balayage").exists()


def test_it_refuses_other_methods(as_owner):
    assert as_owner.put(CREATE).status_code == 405


# Editing


def test_it_shows_the_current_values_for_editing(as_manager, salon):
    text = as_manager.get(edit_url(salon.colour)).content.decode()
    assert 'value="85.00"' in text and 'value="45"' in text
    assert "Performed by" not in text  # performers are managed on the service's page


def test_it_saves_changes_and_logs_them(as_owner, salon):
    response = as_owner.post(
        edit_url(salon.colour),
        form_data(
            salon, name="Full head colour", price="90", processing_minutes="50", is_active=None
        ),
    )
    assert response.status_code == 302
    salon.colour.refresh_from_db()
    assert salon.colour.price == 9000
    assert salon.colour.processing_minutes == 50
    assert not salon.colour.is_active
    entry = ActivityEntry.objects.filter(model="catalog.service", action="changed").latest("id")
    assert entry.actor == salon.owner
    assert entry.changes["price"] == [8500, 9000]


def test_it_keeps_its_own_name_without_calling_it_a_duplicate(as_owner, salon):
    response = as_owner.post(edit_url(salon.cut), form_data(salon, name="Cut and finish"))
    assert response.status_code == 302


def test_it_refuses_bad_edits(as_owner, salon):
    response = as_owner.post(edit_url(salon.colour), form_data(salon, price="85.123"))
    assert "is not an amount such as 45.00" in response.content.decode()
    salon.colour.refresh_from_db()
    assert salon.colour.name == "Full head colour" and salon.colour.price == 8500


def test_it_does_not_edit_another_business_service(as_owner, salon, other):
    assert as_owner.get(edit_url(other.colour)).status_code == 404
    assert as_owner.post(edit_url(other.colour), form_data(salon)).status_code == 404
    other.colour.refresh_from_db()
    assert other.colour.name == "Full head colour"


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_lets_only_managers_edit(salon, role):
    response = logged_in(salon.user(role)).post(edit_url(salon.colour), form_data(salon))
    assert response.status_code == 403
    salon.colour.refresh_from_db()
    assert salon.colour.name == "Full head colour"


def test_it_refuses_other_methods_for_editing(as_owner, salon):
    assert as_owner.delete(edit_url(salon.colour)).status_code == 405


# Deleting


def test_it_deletes_a_service_nobody_booked(as_owner, salon):
    response = as_owner.post(delete_url(salon.cut))
    assert response.status_code == 302
    assert not Service.objects.filter(pk=salon.cut.pk).exists()
    assert not ServicePerformer.objects.filter(service_id=salon.cut.pk).exists()


def test_it_deactivates_a_booked_service_instead_of_deleting_it(as_manager, salon):
    line = book(salon, salon.colour)
    response = as_manager.post(delete_url(salon.colour), follow=True)
    salon.colour.refresh_from_db()
    assert not salon.colour.is_active
    assert "deactivated instead of deleted" in response.content.decode()
    line.refresh_from_db()
    assert line.service == salon.colour
    # Gone from the menu for people who book, still on record for managers.
    stylist_menu = logged_in(salon.stylist).get(reverse("catalog:services")).content.decode()
    assert "Full head colour" not in stylist_menu


def test_it_does_not_delete_another_business_service(as_owner, salon, other):
    assert as_owner.post(delete_url(other.cut)).status_code == 404
    assert Service.objects.filter(pk=other.cut.pk).exists()


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_lets_only_managers_delete(salon, role):
    assert logged_in(salon.user(role)).post(delete_url(salon.cut)).status_code == 403
    assert Service.objects.filter(pk=salon.cut.pk).exists()


def test_it_deletes_only_by_post(as_owner, salon):
    assert as_owner.get(delete_url(salon.cut)).status_code == 405
    assert Service.objects.filter(pk=salon.cut.pk).exists()


def test_it_keeps_the_category_choices_to_this_business(as_owner, salon, other):
    ServiceCategory.objects.create(business=other.business, name="Nails elsewhere")
    text = as_owner.get(CREATE).content.decode()
    assert "Nails elsewhere" not in text
    assert "Colour" in text
