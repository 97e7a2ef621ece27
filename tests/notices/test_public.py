"""The public status pages and the feeds (parsed back with feedparser and icalendar):
public notices only, no login."""

from datetime import UTC, datetime

import feedparser
import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from salonkeep.notices.models import Notice
from tests.conftest import logged_in
from tests.notices.helpers import closure, create_url, incident, information, maintenance

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_salon_status_page_shows_public_notices_without_a_login(client, as_owner, salon):
    as_owner.post(create_url("incident"), incident())
    as_owner.post(
        create_url("information"), information(title="Staff party on Friday", public=None)
    )
    response = client.get(reverse("status:business", args=[salon.business.slug]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Major outage: Card payments" in page and "Card payments are failing" in page
    assert "Staff party on Friday" not in page
    assert "<link" not in page and "<script" not in page  # self-contained


def test_the_installation_page_shows_only_installation_notices(client, as_owner, salon):
    as_owner.post(create_url("incident"), incident())
    page = client.get(reverse("status:installation")).content.decode()
    assert "All services are operational" in page and "Card payments are failing" not in page
    salon.owner.is_superuser = True
    salon.owner.save()
    logged_in(salon.owner).post(create_url("closure"), closure(everyone="on"))
    page = client.get(reverse("status:installation")).content.decode()
    assert "Closed for Labor Day" in page
    assert "Times are in the time zone each notice names." in page


def test_an_unknown_salon_has_no_status_page(client, salon):
    assert client.get("/status/no-such-salon/").status_code == 404
    assert client.get("/status/no-such-salon/feed.atom").status_code == 404
    assert client.get("/status/no-such-salon/calendar.ics").status_code == 404
    assert client.post(reverse("status:installation")).status_code == 405


def test_another_salons_page_never_shows_this_salons_notices(client, as_owner, salon, other):
    as_owner.post(create_url("incident"), incident())
    page = client.get(reverse("status:business", args=[other.business.slug])).content.decode()
    assert "Card payments are failing" not in page


def test_the_atom_feed_has_one_entry_per_update_dated_when_posted(client, as_owner, salon):
    as_owner.post(create_url("incident"), incident())
    notice = Notice.objects.get()
    with time_machine.travel(datetime(2026, 9, 1, 13, 30, tzinfo=UTC), tick=False):
        as_owner.post(
            reverse("notices:update", args=[notice.pk]),
            {
                "progress": "resolved",
                "message": "Payments work again.",
                "window_start": "2026-09-01T12:50",
                "window_end": "2026-09-01T14:20",
            },
        )
    as_owner.post(create_url("maintenance"), maintenance())
    as_owner.post(create_url("information"), information(title="Private note", public=None))
    response = client.get(reverse("status:business_feed", args=[salon.business.slug]))
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    titles = [entry.title for entry in feed.entries]
    assert titles == [
        "Resolved: Card payments are failing",
        "Maintenance: Database upgrade",
        "Investigating: Card payments are failing",
    ]
    resolved = feed.entries[0]
    assert resolved.published_parsed[:5] == (2026, 9, 1, 13, 30)
    assert feed.entries[2].published_parsed[:5] == (2026, 9, 1, 12, 0)
    assert "between 12:50 and 14:20 on 1 September" in resolved.summary
    assert len({entry.id for entry in feed.entries}) == 3


def test_the_installation_feed_parses(client, salon):
    feed = feedparser.parse(client.get(reverse("status:feed")).content)
    assert not feed.bozo and feed.feed.title == "Service notices" and feed.entries == []


def ics(client, salon):
    response = client.get(reverse("status:business_calendar", args=[salon.business.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    return [c for c in Calendar.from_ical(response.content).walk("VEVENT")]


def test_the_calendar_has_maintenance_and_closures_with_stable_uids(client, as_owner, salon):
    as_owner.post(create_url("maintenance"), maintenance())
    as_owner.post(create_url("closure"), closure())
    as_owner.post(create_url("incident"), incident())
    as_owner.post(create_url("information"), information())
    events = ics(client, salon)
    assert sorted(str(e["summary"]) for e in events) == [
        "Closure: Closed for Labor Day",
        "Maintenance: Database upgrade",
    ]
    upgrade = next(e for e in events if "Database" in str(e["summary"]))
    assert upgrade.decoded("dtstart") == datetime(2026, 12, 7, 3, 0, tzinfo=UTC)
    assert upgrade.decoded("dtend") == datetime(2026, 12, 7, 10, 0, tzinfo=UTC)
    assert int(upgrade["sequence"]) == 0 and str(upgrade["status"]) == "CONFIRMED"
    uid = str(upgrade["uid"])

    notice = Notice.objects.get(title="Database upgrade")
    as_owner.post(
        reverse("notices:edit", args=[notice.pk]), maintenance(window_end="2026-12-07T06:00")
    )
    upgrade = next(e for e in ics(client, salon) if "Database" in str(e["summary"]))
    assert str(upgrade["uid"]) == uid and int(upgrade["sequence"]) == 1
    assert upgrade.decoded("dtend") == datetime(2026, 12, 7, 11, 0, tzinfo=UTC)

    as_owner.post(reverse("notices:withdraw", args=[notice.pk]))
    upgrade = next(e for e in ics(client, salon) if "Database" in str(e["summary"]))
    assert str(upgrade["uid"]) == uid and int(upgrade["sequence"]) == 2
    assert str(upgrade["status"]) == "CANCELLED"


def test_private_notices_stay_out_of_the_calendar(client, as_owner, salon):
    as_owner.post(create_url("closure"), closure(public=None))
    assert ics(client, salon) == []


def test_every_kind_is_in_the_atom_feed(client, as_owner, salon):
    as_owner.post(create_url("incident"), incident())
    as_owner.post(create_url("maintenance"), maintenance())
    as_owner.post(create_url("closure"), closure())
    as_owner.post(create_url("information"), information())
    feed = feedparser.parse(
        client.get(reverse("status:business_feed", args=[salon.business.slug])).content
    )
    assert sorted(entry.title for entry in feed.entries) == [
        "Closure: Closed for Labor Day",
        "Information: New support phone number",
        "Investigating: Card payments are failing",
        "Maintenance: Database upgrade",
    ]
    closure_entry = next(e for e in feed.entries if e.title.startswith("Closure"))
    assert "normal hours resume at 14:00 on Tuesday 8 September" in closure_entry.summary
