"""The banner on every page (dismissable per login, back when updated), the notices
page with its history, and every kind rendered in each."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from salonkeep.notices.models import Notice
from tests.conftest import logged_in
from tests.notices.helpers import closure, create_url, incident, information, maintenance

NOW = datetime(2026, 9, 1, 12, 0, tzinfo=UTC)
ALL = [
    incident(),
    maintenance(title="Database upgrade"),
    closure(title="Closed for Labor Day"),
    information(title="New support phone number"),
]


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def post_all(http):
    kinds = ["incident", "maintenance", "closure", "information"]
    for kind, data in zip(kinds, ALL, strict=True):
        assert http.post(create_url(kind), data).status_code == 302


def test_every_kind_shows_in_the_banner_and_on_the_page(as_owner, salon):
    post_all(as_owner)
    book = logged_in(salon.stylist).get(reverse("clients:list")).content.decode()
    page = as_owner.get(reverse("notices:list")).content.decode()
    for data in ALL:
        assert data["title"] in book
        assert data["title"] in page
    assert "Incident · Investigating" in book
    assert "Maintenance · Upcoming" in book
    assert "Maintenance is scheduled between 3:00 and 10:00 on 7 December." in book
    assert "Major outage: Card payments" in page


def test_a_closed_banner_stays_closed_until_the_notice_changes(as_owner, salon):
    as_owner.post(create_url("incident"), incident())
    notice = Notice.objects.get()
    http = logged_in(salon.stylist)
    assert http.post(reverse("notices:dismiss", args=[notice.pk]), {"next": "/"}).status_code == 302
    assert "Card payments are failing" not in http.get(reverse("clients:list")).content.decode()
    # Still shown to everyone else.
    assert (
        "Card payments are failing"
        in logged_in(salon.manager).get(reverse("clients:list")).content.decode()
    )
    as_owner.post(
        reverse("notices:update", args=[notice.pk]),
        {"progress": "identified", "message": "Found it."},
    )
    assert "Incident · Identified" in http.get(reverse("clients:list")).content.decode()


def test_dismissing_by_htmx_returns_an_empty_swap(as_owner, salon):
    as_owner.post(create_url("information"), information())
    notice = Notice.objects.get()
    response = as_owner.post(reverse("notices:dismiss", args=[notice.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response.content == b""


def test_dismissing_never_redirects_off_site(as_owner, salon):
    as_owner.post(create_url("information"), information())
    notice = Notice.objects.get()
    response = as_owner.post(
        reverse("notices:dismiss", args=[notice.pk]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_finished_notices_leave_the_banner_but_stay_in_the_history(as_owner, salon):
    as_owner.post(
        create_url("maintenance"),
        maintenance(window_start="2026-09-01T01:00", window_end="2026-09-01T02:00"),
    )
    page = as_owner.get(reverse("notices:list")).content.decode()
    assert "Database upgrade" in page and "Completed" in page
    assert 'id="notice-banner-' not in as_owner.get(reverse("clients:list")).content.decode()


def test_a_resolved_incident_stays_in_the_banner_for_a_day(as_owner, salon):
    as_owner.post(
        create_url("incident"),
        incident(
            title="All services restored",
            progress="resolved",
            window_start="2026-09-01T09:45",
            window_end="2026-09-01T10:55",
        ),
    )
    banner = as_owner.get(reverse("clients:list")).content.decode()
    assert "Incident · Resolved" in banner and "between 9:45 and 10:55 on 1 September" in banner
    with time_machine.travel(datetime(2026, 9, 2, 13, 0, tzinfo=UTC), tick=False):
        assert "All services restored" not in as_owner.get(reverse("clients:list")).content.decode()


def test_the_history_pages(as_owner, salon):
    for number in range(30):
        as_owner.post(create_url("information"), information(title=f"Note {number:02d}"))
    first = as_owner.get(reverse("notices:list")).content.decode()
    second = as_owner.get(reverse("notices:list") + "?page=2").content.decode()
    assert "Page 1 of 2" in first and "Note 29" in first
    assert "Note 00" in second
    assert as_owner.get(reverse("notices:list") + "?page=zzz").status_code == 200


@pytest.mark.parametrize("role", ["owner", "manager", "front_desk", "stylist"])
def test_every_role_reads_the_notices_page(salon, role):
    page = logged_in(salon.user(role)).get(reverse("notices:list")).content.decode()
    assert "All services are operational" in page
    assert ("Post:" in page) == (role in ("owner", "manager"))


def test_the_notices_page_needs_a_login(client, salon):
    assert client.get(reverse("notices:list")).status_code == 302
    assert client.post(reverse("notices:list")).status_code == 405
