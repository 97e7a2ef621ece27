"""The recorder: every change of business data is logged with who made it."""

from datetime import time

import pytest
from django.contrib.sessions.models import Session
from django.core import serializers
from django.db import connection, transaction
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.accounts.models import Business, Location, OpeningHours, User
from salonkeep.activity.models import ActivityEntry
from salonkeep.activity.recorder import acting_as, current_actor
from salonkeep.catalog.models import Service
from tests.conftest import PASSWORD, make_salon


def entries_for(instance):
    return ActivityEntry.objects.filter(
        model=instance._meta.label_lower, object_id=str(instance.pk)
    ).order_by("id")


def location_form(location, **overrides):
    data = {"name": location.name, "address": location.address, "phone": location.phone}
    for weekday in range(6):
        data[f"day{weekday}-is_open"] = "on"
        data[f"day{weekday}-opens"] = "09:00"
        data[f"day{weekday}-closes"] = "18:00"
    data.update(overrides)
    return data


# Who made the change


def test_it_logs_a_change_made_in_a_web_request_as_the_signed_in_user(as_manager, salon):
    url = reverse("accounts:location_edit", args=[salon.location.pk])
    response = as_manager.post(url, location_form(salon.location, phone="01632 960000"))
    assert response.status_code == 302
    entry = entries_for(salon.location).get(action="changed")
    assert entry.actor == salon.manager
    assert entry.actor_name == "manager"
    assert entry.business == salon.business
    assert entry.changes == {"phone": ["", "01632 960000"]}
    assert entry.object_repr == "High Street"


def test_it_logs_a_creation_in_a_web_request_as_the_signed_in_user(as_owner, salon):
    as_owner.post(reverse("accounts:location_new"), location_form(salon.location, name="Annex"))
    annex = Location.objects.get(name="Annex")
    entry = entries_for(annex).get()
    assert (entry.action, entry.actor) == ("created", salon.owner)
    assert entry.changes["name"] == [None, "Annex"]
    assert "business_id" not in entry.changes and "id" not in entry.changes
    hours = OpeningHours.objects.filter(location=annex).first()
    assert entries_for(hours).get().actor == salon.owner


def test_it_logs_a_deletion_in_a_web_request(as_owner, salon):
    monday = OpeningHours.objects.get(location=salon.location, weekday=0)
    data = location_form(salon.location)
    del data["day0-is_open"]
    as_owner.post(reverse("accounts:location_edit", args=[salon.location.pk]), data)
    entry = entries_for(monday).get(action="deleted")
    assert entry.actor == salon.owner
    assert entry.object_repr == "High Street, Monday"
    assert entry.changes == {}


def test_it_keeps_the_actors_name_after_the_login_is_gone(as_owner, salon):
    as_owner.post(reverse("accounts:location_new"), location_form(salon.location, name="Annex"))
    entry = entries_for(Location.objects.get(name="Annex")).get()
    User.objects.filter(pk=salon.owner.pk).delete()
    entry.refresh_from_db()
    assert entry.actor is None
    assert entry.actor_name == "owner"


def test_it_logs_anonymous_and_background_work_as_system(salon):
    salon.location.phone = "01632 960001"
    salon.location.save()
    assert entries_for(salon.location).get(action="changed").actor_name == "system"


def test_acting_as_labels_changes_and_restores_the_previous_actor(salon):
    assert current_actor() == "system"
    with acting_as("command line"):
        with acting_as(salon.owner):
            assert current_actor() == salon.owner
        assert current_actor() == "command line"
        salon.location.phone = "01632 960002"
        salon.location.save()
    assert current_actor() == "system"
    entry = entries_for(salon.location).get(action="changed")
    assert (entry.actor, entry.actor_name) == (None, "command line")


def test_it_restores_the_actor_after_an_error(salon):
    with pytest.raises(RuntimeError), acting_as(salon.owner):
        raise RuntimeError
    assert current_actor() == "system"


# What is written


def test_it_hides_passwords(salon):
    with acting_as(salon.owner):
        sam = User.objects.create_user(
            username="sam", password="a-secret-thing-1", business=salon.business
        )
        sam.set_password("another-secret-2")
        sam.save()
    created, changed = entries_for(sam)
    assert created.changes["password"] == [None, "(set)"]
    assert changed.changes == {"password": ["(hidden)", "(changed)"]}
    logged = str(created.changes) + str(changed.changes)
    assert "secret" not in logged
    assert "md5$" not in logged and "pbkdf2" not in logged


def test_it_skips_a_save_that_changes_nothing(salon):
    before = ActivityEntry.objects.count()
    salon.location.save()
    salon.colour.save()
    Service.objects.get(pk=salon.colour.pk).save()
    assert ActivityEntry.objects.count() == before


def test_it_skips_an_unchanged_value_assigned_as_text(salon):
    hours = OpeningHours.objects.get(location=salon.location, weekday=0)
    hours.opens = "09:00"  # the stored value is time(9, 0)
    hours.save()
    assert not entries_for(hours).filter(action="changed").exists()


def test_it_logs_only_the_fields_a_partial_save_writes(salon):
    location = salon.location
    location.name = "Renamed in memory only"
    location.phone = "01632 960003"
    location.save(update_fields=["phone"])
    entry = entries_for(location).get(action="changed")
    assert entry.changes == {"phone": ["", "01632 960003"]}
    assert Location.objects.get(pk=location.pk).name == "High Street"


def test_it_does_not_log_logins(salon):
    HttpClient().post(reverse("login"), {"username": "owner", "password": PASSWORD})
    assert User.objects.get(pk=salon.owner.pk).last_login is not None
    assert not entries_for(salon.owner).filter(action="changed").exists()


def test_it_writes_plain_values_for_times_and_choices(salon):
    hours = OpeningHours.objects.get(location=salon.location, weekday=1)
    hours.closes = time(17, 30)
    hours.save()
    assert entries_for(hours).get(action="changed").changes == {"closes": ["18:00:00", "17:30:00"]}


def test_it_files_each_entry_under_the_records_own_business(salon, other):
    with acting_as(salon.owner):
        other.location.phone = "01632 960004"
        other.location.save()
    entry = entries_for(other.location).get(action="changed")
    assert entry.business == other.business


def test_it_ignores_records_of_no_business(salon):
    before = ActivityEntry.objects.count()
    User.objects.create_user(username="root", password="x")  # no salon: not business data
    Session.objects.create(session_key="k" * 32, session_data="", expire_date="2030-01-01T00:00Z")
    assert ActivityEntry.objects.count() == before


def test_it_skips_raw_saves_when_loading_fixtures(salon):
    data = serializers.serialize("json", [salon.location])
    before = ActivityEntry.objects.count()
    for item in serializers.deserialize("json", data):
        item.save()
    assert ActivityEntry.objects.count() == before


# Deleting a whole business


@pytest.mark.parametrize("how", ["instance", "queryset"])
def test_deleting_a_business_leaves_no_dangling_log_entries(db, how):
    doomed = make_salon("Closing Down", "closing_")
    kept = make_salon("Staying", "staying_")
    kept_entries = ActivityEntry.objects.filter(business=kept.business).count()
    with transaction.atomic():
        if how == "instance":
            Business.objects.get(pk=doomed.business.pk).delete()
        else:
            Business.objects.filter(pk=doomed.business.pk).delete()
        # The deferred foreign keys are checked here as they would be at commit.
        connection.check_constraints()
    assert not ActivityEntry.objects.filter(business_id=doomed.business.pk).exists()
    assert ActivityEntry.objects.filter(business=kept.business).count() == kept_entries
    # Deleting one record of another business is still logged.
    OpeningHours.objects.filter(location=kept.location, weekday=0).get().delete()
    assert ActivityEntry.objects.filter(
        business=kept.business, model="accounts.openinghours", action="deleted"
    ).exists()
