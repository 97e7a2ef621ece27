"""Posting, editing, updating and withdrawing notices: who may, and bad input."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from salonkeep.notices.models import Notice, NoticeUpdate, Progress
from tests.conftest import logged_in
from tests.notices.helpers import closure, create_url, incident, information, maintenance

NOW = datetime(2026, 9, 18, 12, 0, tzinfo=UTC)
FORMS = {
    "incident": incident,
    "maintenance": maintenance,
    "closure": closure,
    "information": information,
}


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.mark.parametrize("kind", sorted(FORMS))
def test_it_posts_each_kind_for_the_salon(as_manager, salon, kind):
    assert as_manager.get(create_url(kind)).status_code == 200
    response = as_manager.post(create_url(kind), FORMS[kind]())
    notice = Notice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/notices/{notice.pk}/"
    assert notice.business == salon.business and notice.kind == kind
    assert notice.created_by == salon.manager.username and notice.revision == 1


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_it_refuses_staff_who_do_not_run_the_salon(salon, role):
    http = logged_in(salon.user(role))
    assert http.get(create_url("incident")).status_code == 403
    assert http.post(create_url("incident"), incident()).status_code == 403
    assert not Notice.objects.exists()


def test_it_sends_anonymous_visitors_to_log_in(client, salon):
    response = client.post(create_url("incident"), incident())
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not Notice.objects.exists()


def test_it_404s_an_unknown_kind(as_owner, salon):
    assert as_owner.get(create_url("rumour")).status_code == 404


def test_it_refuses_the_wrong_method(as_owner, salon):
    notice = as_owner.post(create_url("incident"), incident()) and Notice.objects.get()
    assert as_owner.get(reverse("notices:update", args=[notice.pk])).status_code == 405
    assert as_owner.get(reverse("notices:withdraw", args=[notice.pk])).status_code == 405
    assert as_owner.get(reverse("notices:dismiss", args=[notice.pk])).status_code == 405
    assert as_owner.delete(create_url("incident")).status_code == 405


def test_a_salon_cannot_post_for_the_installation(as_owner, salon):
    as_owner.post(create_url("information"), information(everyone="on"))
    assert Notice.objects.get().business == salon.business
    assert "For every salon" not in as_owner.get(create_url("information")).content.decode()


def test_the_operator_posts_for_every_salon(salon, other):
    salon.owner.is_superuser = True
    salon.owner.save()
    http = logged_in(salon.owner)
    assert (
        "For every salon on this installation" in http.get(create_url("closure")).content.decode()
    )
    http.post(create_url("closure"), closure(everyone="on"))
    notice = Notice.objects.get()
    assert notice.business is None
    page = logged_in(other.stylist).get("/notices/").content.decode()
    assert "Closed for Labor Day" in page
    # Another salon's manager reads it but may not change it.
    assert (
        logged_in(other.manager).get(reverse("notices:edit", args=[notice.pk])).status_code == 403
    )


@pytest.mark.parametrize(
    ("kind", "changes", "message"),
    [
        ("maintenance", {"window_end": "2026-12-06T21:00"}, "must end after it starts"),
        ("maintenance", {"services": ["teleportation"]}, "not one of the available choices"),
        ("maintenance", {"services": []}, "Choose the services"),
        ("maintenance", {"window_start": "next tuesday"}, "Enter a date and time"),
        ("maintenance", {"window_start": "2026-02-30T10:00"}, "Enter a date and time"),
        ("maintenance", {"window_end": "9999-12-31T23:59"}, "Enter a date between 2000 and 2100"),
        (
            "maintenance",
            {"time_zone": "Asia/Tokyo", "window_start": "0001-01-01T00:00"},
            "between 2000",
        ),
        ("maintenance", {"time_zone": "Mars/Olympus"}, "is not a time zone name"),
        ("closure", {"window_end": "2026-09-06T09:00"}, "Normal hours must resume after"),
        ("incident", {"title": "x" * 201}, "at most 200 characters"),
        ("incident", {"body": "x" * 5001}, "at most 5000 characters"),
        ("incident", {"progress": "resolved"}, "needs its impact window"),
        (
            "incident",
            {"window_start": "2026-09-18T10:00", "window_end": "2026-09-18T09:00"},
            "must end after it began",
        ),
        ("incident", {"support_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ("incident", {"impact": "apocalypse"}, "not one of the available choices"),
        ("information", {"title": ""}, "This field is required"),
    ],
)
def test_it_refuses_bad_input(as_owner, salon, kind, changes, message):
    response = as_owner.post(create_url(kind), FORMS[kind](**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Notice.objects.exists() and not NoticeUpdate.objects.exists()


def post_incident(http):
    http.post(create_url("incident"), incident())
    return Notice.objects.get()


def test_it_posts_updates_and_resolves_with_the_measured_window(as_owner, salon):
    notice = post_incident(as_owner)
    url = reverse("notices:update", args=[notice.pk])
    for progress in ("identified", "monitoring"):
        response = as_owner.post(url, {"progress": progress, "message": f"Now {progress}."})
        assert response.status_code == 302
    response = as_owner.post(
        url,
        {
            "progress": "resolved",
            "message": "All card payments work again.",
            "window_start": "2026-09-18T09:45",
            "window_end": "2026-09-18T10:55",
        },
    )
    notice.refresh_from_db()
    assert [u.progress for u in notice.updates.all()] == [
        "investigating",
        "identified",
        "monitoring",
        "resolved",
    ]
    assert notice.resolved_at == NOW and notice.revision == 4
    assert notice.impact_started_at == datetime(2026, 9, 18, 8, 45, tzinfo=UTC)  # BST
    page = as_owner.get(response["Location"]).content.decode()
    assert "Services were affected between 9:45 and 10:55 on 18 September." in page


def test_it_refuses_to_resolve_without_the_window(as_owner, salon):
    notice = post_incident(as_owner)
    response = as_owner.post(
        reverse("notices:update", args=[notice.pk]), {"progress": "resolved", "message": "Done"}
    )
    assert response.status_code == 400
    assert "Say when the impact ended." in response.content.decode()
    notice.refresh_from_db()
    assert notice.resolved_at is None and notice.updates.count() == 1


@pytest.mark.parametrize(
    "data",
    [
        {"progress": "fixed-ish", "message": "x"},
        {"progress": "monitoring", "message": "x" * 5001},
        {"progress": "monitoring", "message": ""},
        {
            "progress": "resolved",
            "message": "x",
            "window_start": "2026-09-18T10:00",
            "window_end": "yesterday",
        },
    ],
)
def test_it_refuses_bad_updates(as_owner, salon, data):
    notice = post_incident(as_owner)
    response = as_owner.post(reverse("notices:update", args=[notice.pk]), data)
    assert response.status_code == 400
    assert notice.updates.count() == 1


def test_the_window_stays_editable_after_resolving(as_owner, salon):
    as_owner.post(
        create_url("incident"),
        incident(
            progress="resolved", window_start="2026-09-18T09:45", window_end="2026-09-18T10:55"
        ),
    )
    notice = Notice.objects.get()
    response = as_owner.post(
        reverse("notices:edit", args=[notice.pk]),
        incident(window_start="2026-09-18T09:40", window_end="2026-09-18T11:05", progress=None),
    )
    assert response.status_code == 302
    notice.refresh_from_db()
    assert notice.impact_ended_at == datetime(2026, 9, 18, 10, 5, tzinfo=UTC)
    assert notice.revision == 2 and notice.updates.get().progress == Progress.RESOLVED


def test_edit_refuses_bad_input_and_saves_nothing(as_owner, salon):
    as_owner.post(create_url("maintenance"), maintenance())
    notice = Notice.objects.get()
    response = as_owner.post(
        reverse("notices:edit", args=[notice.pk]), maintenance(window_end="2026-12-06T20:00")
    )
    assert response.status_code == 200 and "must end after it starts" in response.content.decode()
    notice.refresh_from_db()
    assert notice.revision == 1 and notice.ends_at == datetime(2026, 12, 7, 10, 0, tzinfo=UTC)


def test_withdrawing_keeps_the_notice_in_the_history(as_owner, salon):
    as_owner.post(create_url("closure"), closure())
    notice = Notice.objects.get()
    as_owner.post(reverse("notices:withdraw", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.withdrawn_at == NOW and notice.revision == 2
    assert "Withdrawn" in as_owner.get("/notices/").content.decode()


def test_another_salons_notices_do_not_exist(as_owner, salon, other):
    logged_in(other.owner).post(
        create_url("incident"), incident(title="Other salon trouble", public=None)
    )
    notice = Notice.objects.get()
    for name in ("detail", "edit"):
        assert as_owner.get(reverse(f"notices:{name}", args=[notice.pk])).status_code == 404
    for name in ("update", "withdraw", "dismiss"):
        assert as_owner.post(reverse(f"notices:{name}", args=[notice.pk]), {}).status_code == 404
    assert "Other salon trouble" not in as_owner.get("/notices/").content.decode()
    assert as_owner.get("/notices/abc/").status_code == 404


@pytest.mark.parametrize("role", ["front_desk", "stylist"])
def test_staff_read_notices_but_cannot_change_them(salon, as_owner, role):
    notice = post_incident(as_owner)
    http = logged_in(salon.user(role))
    page = http.get(reverse("notices:detail", args=[notice.pk])).content.decode()
    assert "Card payments are failing" in page and "Post an update" not in page
    assert (
        http.post(
            reverse("notices:update", args=[notice.pk]), {"progress": "monitoring", "message": "x"}
        ).status_code
        == 403
    )
    assert http.post(reverse("notices:withdraw", args=[notice.pk])).status_code == 403
    assert http.get(reverse("notices:edit", args=[notice.pk])).status_code == 403
