"""The activity log page."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from salonkeep.accounts.models import Business
from salonkeep.activity.models import ActivityEntry
from salonkeep.activity.recorder import acting_as
from salonkeep.activity.views.log import ENTRIES_PER_PAGE
from salonkeep.catalog.models import ServiceCategory

URL = reverse("activity:log")


def rows(response):
    return response.context["rows"]


def test_it_shows_the_log_to_owners_and_managers(as_owner, as_manager):
    assert as_owner.get(URL).status_code == 200
    assert as_manager.get(URL).status_code == 200


def test_it_refuses_front_desk_and_stylists(as_front_desk, as_stylist):
    assert as_front_desk.get(URL).status_code == 403
    assert as_stylist.get(URL).status_code == 403


def test_it_sends_anonymous_visitors_to_log_in(salon):
    response = HttpClient().get(URL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_refuses_post(as_owner):
    assert as_owner.post(URL).status_code == 405


def test_it_shows_who_changed_what_and_when_in_the_business_time_zone(as_owner, salon):
    business = Business.objects.get(pk=salon.business.pk)
    business.time_zone = "America/New_York"
    business.save()
    moment = datetime(2030, 7, 1, 14, 5, tzinfo=UTC)  # after the fixture's own entries
    with time_machine.travel(moment, tick=False), acting_as(salon.manager):
        salon.cut.price = 5000
        salon.cut.save()
    response = as_owner.get(URL)
    text = response.content.decode()
    newest = rows(response)[0]
    assert newest.entry.actor_name == "manager"
    assert newest.record_type == "Service"
    assert [(c.label, c.old, c.new) for c in newest.changes] == [("Price", "£45.00", "£50.00")]
    assert "1 Jul 2030 10:05" in text  # 14:05 UTC is 10:05 in New York (summer time)
    assert "America/New_York" in text
    assert "Cut and finish" in text
    assert "£45.00 → £50.00" in text


def test_it_lists_newest_first(as_owner, salon):
    start = datetime(2030, 3, 2, 9, 0, tzinfo=UTC)
    for minutes, phone in ((0, "01632 960101"), (5, "01632 960102")):
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            salon.location.phone = phone
            salon.location.save()
    entries = [row.entry for row in rows(as_owner.get(URL))]
    assert entries == sorted(entries, key=lambda entry: (entry.at, entry.id), reverse=True)
    assert entries[0].changes["phone"] == ["01632 960101", "01632 960102"]


def test_it_shows_names_of_related_records_and_choices(as_owner, salon):
    dyes = ServiceCategory.objects.create(business=salon.business, name="Dyes")
    with acting_as(salon.owner):
        salon.colour.category = dyes
        salon.colour.save()
        salon.stylist.role = "front_desk"
        salon.stylist.save()
    shown = {
        (row.record_type, change.label): (change.old, change.new)
        for row in rows(as_owner.get(URL))
        for change in row.changes
        if row.entry.action == "changed"
    }
    assert shown[("Service", "Category")] == ("Colour", "Dyes")
    assert shown[("User", "Role")] == ("Stylist / therapist", "Front desk")


def test_it_never_shows_the_name_of_another_businesss_record(as_owner, salon, other):
    crafted = ActivityEntry.objects.create(
        business=salon.business,
        at=datetime(2026, 1, 1, tzinfo=UTC),
        actor_name="system",
        action="changed",
        model="catalog.service",
        object_id=str(salon.cut.pk),
        object_repr="Cut and finish",
        changes={"category_id": [None, other.colour.category_id]},
    )
    response = as_owner.get(URL)
    row = next(row for row in rows(response) if row.entry.pk == crafted.pk)
    assert [(c.label, c.old, c.new) for c in row.changes] == [
        ("Category", "—", f"#{other.colour.category_id} (no longer exists)")
    ]


def test_it_shows_password_changes_without_the_password(as_owner, salon):
    with acting_as(salon.owner):
        salon.stylist.set_password("a-new-password-77")
        salon.stylist.save()
    text = as_owner.get(URL).content.decode()
    assert "(hidden) → (changed)" in text
    assert "a-new-password-77" not in text


def test_it_survives_entries_of_models_that_no_longer_exist(as_owner, salon):
    ActivityEntry.objects.create(
        business=salon.business,
        at=datetime(2026, 1, 1, tzinfo=UTC),
        actor_name="system",
        action="changed",
        model="gone.widget",
        object_id="1",
        object_repr="Old widget",
        changes={"size": [1, 2], "broken": "not a pair"},
    )
    response = as_owner.get(URL)
    assert response.status_code == 200
    row = next(row for row in rows(response) if row.entry.model == "gone.widget")
    assert row.record_type == "gone.widget"
    assert [(c.label, c.old, c.new) for c in row.changes] == [("Size", "1", "2")]


def test_it_never_shows_another_businesss_entries(as_owner, salon, other):
    with acting_as(other.owner):
        other.location.phone = "01632 960999"
        other.location.save()
    response = as_owner.get(URL)
    text = response.content.decode()
    assert all(row.entry.business_id == salon.business.pk for row in rows(response))
    assert "01632 960999" not in text
    assert "other_owner" not in text  # not even as a filter choice
    assert "Other Salon" not in text


def test_it_filters_by_record_type(as_owner, salon):
    with acting_as(salon.owner):
        salon.cut.price = 4800
        salon.cut.save()
        salon.location.phone = "01632 960200"
        salon.location.save()
    response = as_owner.get(URL, {"model": "accounts.location"})
    assert rows(response)
    assert {row.entry.model for row in rows(response)} == {"accounts.location"}


def test_it_filters_by_who(as_owner, salon):
    with acting_as(salon.manager):
        salon.cut.price = 4800
        salon.cut.save()
    response = as_owner.get(URL, {"who": "manager"})
    assert [row.entry.actor_name for row in rows(response)] == ["manager"]
    choices = [value for value, _ in response.context["form"].fields["who"].choices]
    assert "manager" in choices and "setup" in choices


def test_it_reports_an_unknown_filter_and_shows_everything(as_owner, salon):
    response = as_owner.get(URL, {"model": "nonsense.thing", "who": "nobody"})
    assert response.status_code == 200
    assert "that choice is not in this log" in response.content.decode()
    assert len(rows(response)) == min(
        ActivityEntry.objects.filter(business=salon.business).count(), ENTRIES_PER_PAGE
    )


def add_entries(business, count, actor_name="manager"):
    ActivityEntry.objects.bulk_create(
        ActivityEntry(
            business=business,
            at=datetime(2026, 2, 1, tzinfo=UTC) + timedelta(minutes=number),
            actor_name=actor_name,
            action="changed",
            model="accounts.location",
            object_id="1",
            object_repr=f"Entry {number}",
            changes={"phone": ["", str(number)]},
        )
        for number in range(count)
    )


def test_it_pages_through_a_long_log(as_owner, salon):
    add_entries(salon.business, ENTRIES_PER_PAGE + 10)
    total = ActivityEntry.objects.filter(business=salon.business).count()
    first = as_owner.get(URL)
    assert len(rows(first)) == ENTRIES_PER_PAGE
    assert "page=2" in first.content.decode()
    second = as_owner.get(URL, {"page": 2})
    assert len(rows(second)) == min(total - ENTRIES_PER_PAGE, ENTRIES_PER_PAGE)
    first_ids = {row.entry.id for row in rows(first)}
    assert not first_ids & {row.entry.id for row in rows(second)}


def test_it_keeps_filters_when_paging(as_owner, salon):
    add_entries(salon.business, ENTRIES_PER_PAGE + 1, actor_name="manager")
    response = as_owner.get(URL, {"who": "manager"})
    assert "who=manager&amp;page=2" in response.content.decode()
    second = as_owner.get(URL, {"who": "manager", "page": 2})
    assert [row.entry.object_repr for row in rows(second)] == ["Entry 0"]


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999", ""])
def test_it_copes_with_any_page_number(as_owner, page):
    assert as_owner.get(URL, {"page": page}).status_code == 200


def test_it_says_when_nothing_matches(as_owner, salon):
    response = as_owner.get(URL, {"who": "setup", "model": "catalog.service"})
    assert response.status_code == 200
    assert rows(response) == []
    assert "Nothing has been recorded that matches these filters" in response.content.decode()
