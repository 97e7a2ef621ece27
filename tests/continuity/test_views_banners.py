"""The backup warnings on every page: failed, overdue, and the once-a-day reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from salonkeep.accounts.models import Business
from salonkeep.continuity.banners import backup_banners
from salonkeep.continuity.models import BackupRun, BackupSettings, RunStatus
from salonkeep.continuity.runs import settings_for
from tests.conftest import logged_in

CREATED = datetime(2026, 11, 1, 9, tzinfo=UTC)
DAY = reverse("book:day")
DISMISS = reverse("continuity:dismiss_reminder")


@pytest.fixture
def business(salon):
    Business.objects.filter(pk=salon.business.pk).update(created_at=CREATED)
    salon.business.refresh_from_db()
    return salon.business


def record(business, status, at, error=""):
    return BackupRun.objects.create(
        business=business,
        trigger="schedule",
        started_at=at,
        finished_at=at + timedelta(seconds=5),
        status=status,
        location="/backups",
        error=error,
    )


def page(http):
    return http.get(DAY).content.decode()


def test_it_shows_nothing_after_a_recent_verified_backup(as_owner, business, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC))
    record(business, RunStatus.VERIFIED, datetime(2026, 11, 23, 10, tzinfo=UTC))
    text = page(as_owner)
    assert "backup-banner" not in text


def test_it_shows_a_failure_until_a_later_backup_verifies(as_manager, business, time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC))
    record(business, RunStatus.VERIFIED, datetime(2026, 11, 23, 8, tzinfo=UTC))
    record(business, RunStatus.FAILED, datetime(2026, 11, 23, 11, tzinfo=UTC), "USB stick removed")
    text = page(as_manager)
    assert "The last backup failed" in text and "USB stick removed" in text
    record(business, RunStatus.VERIFIED, datetime(2026, 11, 23, 11, 30, tzinfo=UTC))
    assert "The last backup failed" not in page(as_manager)


def test_it_warns_when_automatic_backups_are_overdue(as_owner, business, time_machine):
    # Every 4 hours: overdue after 2 × 4 + 1 = 9 hours.
    record(business, RunStatus.VERIFIED, datetime(2026, 11, 23, 0, tzinfo=UTC))
    time_machine.move_to(datetime(2026, 11, 23, 9, 0, 4, tzinfo=UTC))
    assert "overdue" not in page(as_owner)
    time_machine.move_to(datetime(2026, 11, 23, 9, 6, tzinfo=UTC))
    assert "Automatic backups are overdue" in page(as_owner)
    rules = settings_for(business)
    rules.enabled = False
    rules.save()
    assert "overdue" not in page(as_owner)


def test_it_warns_a_salon_with_no_backup_a_day_after_it_started(as_owner, business, time_machine):
    time_machine.move_to(CREATED + timedelta(hours=23))
    assert "overdue" not in page(as_owner)
    time_machine.move_to(CREATED + timedelta(hours=25))
    assert "No backup has been made yet" in page(as_owner)


def test_it_reminds_once_a_day_until_dismissed(salon, business, time_machine):
    rules = settings_for(business)
    rules.enabled = False
    rules.remind_after_days = 3
    rules.save()
    record(business, RunStatus.VERIFIED, datetime(2026, 11, 20, 10, tzinfo=UTC))
    time_machine.move_to(datetime(2026, 11, 23, 9, tzinfo=UTC))
    assert "since the last backup" not in page(logged_in(salon.owner))
    time_machine.move_to(datetime(2026, 11, 23, 22, tzinfo=UTC))
    as_owner = logged_in(salon.owner)  # sessions last 12 hours
    text = page(as_owner)
    assert "It has been 3 days since the last backup" in text
    assert reverse("continuity:now") in text
    response = as_owner.post(DISMISS, {"next": "/clients/"})
    assert response.status_code == 302 and response["Location"] == "/clients/"
    assert "since the last backup" not in page(as_owner)
    # The next day in London, with the same session: shown again.
    time_machine.move_to(datetime(2026, 11, 24, 0, 30, tzinfo=UTC))
    assert "It has been 3 days since the last backup" in page(as_owner)
    rules.remind = False
    rules.save()
    assert "since the last backup" not in page(as_owner)


def test_it_shows_nothing_to_front_desk_and_stylists(as_front_desk, as_stylist, business):
    record(business, RunStatus.FAILED, datetime(2026, 11, 23, 11, tzinfo=UTC), "Disk full")
    assert "backup-banner" not in page(as_front_desk)
    assert "backup-banner" not in page(as_stylist)


def test_it_reads_only_another_salons_runs_for_that_salon(as_owner, business, other):
    record(other.business, RunStatus.FAILED, datetime(2026, 11, 23, 11, tzinfo=UTC), "Theirs")
    assert "Theirs" not in page(as_owner)


def test_it_costs_two_queries(business, time_machine):
    BackupSettings.objects.create(business=business)
    record(business, RunStatus.VERIFIED, datetime(2026, 11, 23, 8, tzinfo=UTC))
    record(business, RunStatus.FAILED, datetime(2026, 11, 23, 9, tzinfo=UTC), "x")
    time_machine.move_to(datetime(2026, 11, 23, 12, tzinfo=UTC))
    with CaptureQueriesContext(connection) as queries:
        banners = backup_banners(business, None)
    assert len(queries) == 2
    assert banners.failed is not None and banners.failed.error == "x"
    assert banners.overdue_since == datetime(2026, 11, 23, 8, 0, 5, tzinfo=UTC)


def test_the_dismissal_is_for_owners_and_managers_by_post(as_stylist, as_manager, salon):
    assert as_stylist.post(DISMISS).status_code == 403
    assert as_manager.get(DISMISS).status_code == 405
    assert as_manager.post(DISMISS)["Location"] == DAY
