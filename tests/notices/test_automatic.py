"""Incidents the system opens by itself (backups failing or overdue, a service failing
repeatedly) and resolves with the measured window when things recover."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from salonkeep.accounts.models import Business
from salonkeep.continuity.models import BackupRun, RunStatus
from salonkeep.notices.automatic import (
    open_incident,
    record_service_failure,
    record_service_recovery,
    watch_backups,
)
from salonkeep.notices.models import Notice, Progress, Service
from salonkeep.system.jobs import registered_jobs

NOW = datetime(2026, 9, 18, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def run(business, status, at, error=""):
    return BackupRun.objects.create(
        business=business,
        trigger="schedule",
        started_at=at,
        finished_at=at + timedelta(minutes=1),
        status=status,
        location="/backups",
        error=error,
    )


def test_failing_backups_open_one_incident_that_says_what_to_do(salon, other):
    run(salon.business, RunStatus.VERIFIED, NOW - timedelta(hours=6))
    run(salon.business, RunStatus.FAILED, NOW - timedelta(hours=4), "Disk full")
    run(salon.business, RunStatus.FAILED, NOW - timedelta(hours=2), "Disk full")
    run(other.business, RunStatus.VERIFIED, NOW - timedelta(hours=1))
    watch_backups(NOW)
    watch_backups(NOW + timedelta(minutes=1))
    notice = Notice.objects.get()
    assert notice.business == salon.business and notice.services == ["backups"]
    assert notice.impact_started_at == NOW - timedelta(hours=4)  # the first failure
    assert "Backups are failing: Disk full" in notice.body and "Back up now" in notice.body
    assert not notice.public


def test_a_verified_backup_resolves_it_with_the_measured_window(salon, as_stylist):
    run(salon.business, RunStatus.FAILED, NOW - timedelta(hours=2), "Drive missing")
    watch_backups(NOW)
    run(salon.business, RunStatus.VERIFIED, NOW + timedelta(minutes=10))
    later = NOW + timedelta(minutes=15)
    with time_machine.travel(later, tick=False):
        watch_backups(later)
        notice = Notice.objects.get()
        assert notice.resolved_at == later
        assert notice.impact_started_at == NOW - timedelta(hours=2)
        assert notice.impact_ended_at == NOW + timedelta(minutes=11)
        assert [u.progress for u in notice.updates.all()] == [
            Progress.INVESTIGATING,
            Progress.RESOLVED,
        ]
        banner = as_stylist.get(reverse("clients:list")).content.decode()
    # 11:00 to 13:11 in London (BST).
    assert "Services were affected between 11:00 and 13:11 on 18 September." in banner


def test_overdue_backups_open_an_incident_too(salon):
    Business.objects.filter(pk=salon.business.pk).update(created_at=NOW - timedelta(days=3))
    watch_backups(NOW)
    notice = Notice.objects.get()
    assert "Automatic backups are overdue." in notice.body


def test_nothing_happens_while_backups_are_fine(salon):
    run(salon.business, RunStatus.VERIFIED, NOW - timedelta(hours=1))
    watch_backups(NOW)
    assert not Notice.objects.exists()


def test_repeated_card_failures_open_an_incident_and_recovery_resolves_it(salon):
    assert record_service_failure(salon.business, Service.CARD_PAYMENTS, NOW) is None
    assert (
        record_service_failure(salon.business, Service.CARD_PAYMENTS, NOW + timedelta(minutes=1))
        is None
    )
    notice = record_service_failure(
        salon.business, Service.CARD_PAYMENTS, NOW + timedelta(minutes=2)
    )
    assert notice is not None and notice.title == "Card payments are failing"
    assert "record each card payment as owed" in notice.body
    assert (
        record_service_failure(salon.business, Service.CARD_PAYMENTS, NOW + timedelta(minutes=3))
        is None
    )
    resolved = record_service_recovery(
        salon.business, Service.CARD_PAYMENTS, NOW + timedelta(minutes=40)
    )
    assert resolved == notice
    resolved.refresh_from_db()
    assert (resolved.impact_started_at, resolved.impact_ended_at) == (
        NOW,
        NOW + timedelta(minutes=40),
    )
    assert resolved.updates.last().message == "Card payments are working again."
    # The next run of failures starts a new incident.
    for minute in range(50, 53):
        record_service_failure(
            salon.business, Service.CARD_PAYMENTS, NOW + timedelta(minutes=minute)
        )
    assert Notice.objects.filter(resolved_at__isnull=True).count() == 1


def test_failures_spread_out_do_not_open_an_incident(salon):
    for hour in range(3):
        record_service_failure(salon.business, Service.ONLINE_BOOKING, NOW + timedelta(hours=hour))
    assert not Notice.objects.exists()
    assert record_service_recovery(salon.business, Service.ONLINE_BOOKING, NOW) is None


def test_only_one_open_automatic_incident_per_key(salon):
    first = open_incident(salon.business, "k", ["backups"], "T", "B", NOW, NOW)
    assert first is not None
    assert open_incident(salon.business, "k", ["backups"], "T", "B", NOW, NOW) is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(
            business=salon.business,
            kind="incident",
            title="dup",
            automatic_key="k",
            created_at=NOW,
            updated_at=NOW,
        )


def test_the_watch_is_a_registered_job():
    assert registered_jobs()["notices.watch_backups"] is watch_backups
