"""The scheduler's single steps: scheduling, claiming, running due backups, catching up
after downtime, and backing up on exit."""

import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection

from salonkeep.accounts.models import Business
from salonkeep.continuity.models import BackupRun, BackupSettings, RunStatus
from salonkeep.continuity.runs import settings_for
from salonkeep.continuity.scheduler import (
    LEASE,
    backup_on_exit,
    claim,
    due_businesses,
    run_due_backups,
)
from salonkeep.continuity.verify import verify_backup

# Backups read the database through their own connection, which sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)
LONDON = ZoneInfo("Europe/London")
# Monday 1 June 2026, 09:10 in London (BST): the default schedule is every 4 hours
# from 08:00 to 20:00, so the next slot is 12:00.
MONDAY_MORNING = datetime(2026, 6, 1, 9, 10, tzinfo=LONDON)
MONDAY_NOON = datetime(2026, 6, 1, 12, 0, tzinfo=LONDON)


def london(*args):
    return datetime(*args, tzinfo=LONDON)


def settings_of(business, **fields):
    backup_settings = settings_for(business)
    BackupSettings.objects.filter(pk=backup_settings.pk).update(**fields)
    backup_settings.refresh_from_db()
    return backup_settings


def scheduled_at(business, instant, location):
    """A business whose schedule was counted from `instant`, backing up into `location`."""
    settings_of(business, location=str(location))
    with time_machine.travel(instant, tick=False):
        assert run_due_backups(instant) == []
    return settings_for(business)


def test_it_schedules_a_new_business_from_now_without_backing_up(salon):
    assert not BackupSettings.objects.filter(business=salon.business).exists()
    assert run_due_backups(MONDAY_MORNING) == []
    backup_settings = BackupSettings.objects.get(business=salon.business)
    assert backup_settings.next_due_at == MONDAY_NOON
    assert backup_settings.claimed_until is None
    assert not BackupRun.objects.exists()


def test_it_makes_a_verified_backup_when_the_slot_comes(salon, location):
    scheduled_at(salon.business, MONDAY_MORNING, location)
    with time_machine.travel(MONDAY_NOON + timedelta(seconds=30)):
        assert due_businesses(MONDAY_NOON + timedelta(seconds=30)) == [salon.business]
        runs = run_due_backups(MONDAY_NOON + timedelta(seconds=30))
    assert [(run.trigger, run.status) for run in runs] == [("schedule", RunStatus.VERIFIED)]
    path = Path(runs[0].path)
    assert path.parent.parent == location
    assert verify_backup(path).ok
    backup_settings = settings_for(salon.business)
    assert backup_settings.next_due_at == london(2026, 6, 1, 16, 0)
    assert backup_settings.claimed_until is None


def test_it_does_nothing_before_the_slot(salon, location):
    scheduled_at(salon.business, MONDAY_MORNING, location)
    assert run_due_backups(MONDAY_NOON - timedelta(seconds=1)) == []
    assert not BackupRun.objects.exists()


def test_it_catches_up_once_after_downtime(salon, location):
    scheduled_at(salon.business, MONDAY_MORNING, location)
    # Off from Monday 11:00 until Thursday 10:00: nine slots were missed.
    thursday = london(2026, 6, 4, 10, 0)
    with time_machine.travel(thursday):
        runs = run_due_backups(thursday)
        assert run_due_backups(thursday + timedelta(minutes=1)) == []
    assert len(runs) == 1
    assert BackupRun.objects.count() == 1
    assert settings_for(salon.business).next_due_at == london(2026, 6, 4, 12, 0)


def test_it_moves_on_after_a_failed_backup(salon, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    scheduled_at(salon.business, MONDAY_MORNING, blocker)
    with time_machine.travel(MONDAY_NOON):
        runs = run_due_backups(MONDAY_NOON)
    assert [run.status for run in runs] == [RunStatus.FAILED]
    assert "is a file" in runs[0].error
    failed = BackupRun.objects.get()
    assert failed.status == RunStatus.FAILED and failed.trigger == "schedule"
    backup_settings = settings_for(salon.business)
    assert backup_settings.next_due_at == london(2026, 6, 1, 16, 0)
    assert backup_settings.claimed_until is None


def test_it_keeps_going_when_one_business_crashes(salon, other, location, monkeypatch):
    scheduled_at(salon.business, MONDAY_MORNING, location)
    scheduled_at(other.business, MONDAY_MORNING, location)
    from salonkeep.continuity import scheduler

    real_run_backup = scheduler.run_backup

    def crash_for_salon(business, trigger):
        if business == salon.business:
            raise RuntimeError("bug")
        return real_run_backup(business, trigger)

    monkeypatch.setattr(scheduler, "run_backup", crash_for_salon)
    with time_machine.travel(MONDAY_NOON):
        runs = run_due_backups(MONDAY_NOON)
    assert [run.business_id for run in runs] == [other.business.pk]
    crashed = settings_for(salon.business)
    assert crashed.claimed_until is None
    assert crashed.next_due_at == london(2026, 6, 1, 16, 0)


def test_it_skips_a_switched_off_schedule_and_restarts_from_now(salon, location):
    scheduled_at(salon.business, MONDAY_MORNING, location)
    settings_of(salon.business, enabled=False)
    assert run_due_backups(london(2026, 6, 2, 9, 0)) == []
    assert settings_for(salon.business).next_due_at is None
    settings_of(salon.business, enabled=True)
    assert run_due_backups(london(2026, 6, 3, 13, 0)) == []
    assert settings_for(salon.business).next_due_at == london(2026, 6, 3, 16, 0)
    assert not BackupRun.objects.exists()


def test_it_claims_a_due_business_only_once_until_the_lease_runs_out(salon, location):
    backup_settings = scheduled_at(salon.business, MONDAY_MORNING, location)
    assert not claim(backup_settings.pk, MONDAY_MORNING)  # not due yet
    assert claim(backup_settings.pk, MONDAY_NOON)
    assert not claim(backup_settings.pk, MONDAY_NOON + timedelta(minutes=1))
    assert due_businesses(MONDAY_NOON + timedelta(minutes=1)) == []
    # A worker that died holding the lease: another takes over once it runs out.
    assert claim(backup_settings.pk, MONDAY_NOON + LEASE + timedelta(seconds=1))


def at_the_same_moment(count, action):
    """Run `action()` in `count` threads released together; their results in a list."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(index):
        try:
            barrier.wait(timeout=30)
            results[index] = action()
        except BaseException as error:  # reported by the test, not lost in a thread
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    errors = [result for result in results if isinstance(result, BaseException)]
    assert not errors, errors
    return results


def test_two_workers_never_claim_the_same_business(salon, location):
    backup_settings = scheduled_at(salon.business, MONDAY_MORNING, location)
    results = at_the_same_moment(2, lambda: claim(backup_settings.pk, MONDAY_NOON))
    assert sorted(results) == [False, True]


def test_two_workers_make_one_backup_of_a_due_business(salon, location):
    scheduled_at(salon.business, MONDAY_MORNING, location)
    with time_machine.travel(MONDAY_NOON):
        results = at_the_same_moment(2, lambda: run_due_backups(MONDAY_NOON))
    assert sorted(len(runs) for runs in results) == [0, 1]
    assert BackupRun.objects.filter(status=RunStatus.VERIFIED).count() == 1


def test_it_backs_up_on_exit_only_without_a_recent_backup(salon, other, location):
    settings_of(salon.business, location=str(location))
    settings_of(other.business, location=str(location))
    with time_machine.travel(MONDAY_NOON):
        first = backup_on_exit(MONDAY_NOON)
    assert sorted(run.business_id for run in first) == sorted(
        [salon.business.pk, other.business.pk]
    )
    assert {(run.trigger, run.status) for run in first} == {("on_exit", RunStatus.VERIFIED)}
    # Within the hour: the backups just made are recent enough.
    assert backup_on_exit(MONDAY_NOON + timedelta(minutes=59)) == []
    # Over an hour later: one backup each again.
    later = MONDAY_NOON + timedelta(hours=1, minutes=1)
    with time_machine.travel(later):
        assert len(backup_on_exit(later)) == 2


def test_it_does_not_back_up_on_exit_when_the_owner_said_no(salon, location):
    settings_of(salon.business, location=str(location), backup_on_exit=False)
    assert backup_on_exit(MONDAY_NOON) == []
    assert not BackupRun.objects.exists()


def test_it_starts_no_exit_backup_after_the_deadline(salon, location):
    settings_of(salon.business, location=str(location))
    assert backup_on_exit(MONDAY_NOON, deadline=0.0) == []
    assert not BackupRun.objects.exists()


def test_it_skips_an_exit_backup_while_a_worker_holds_the_business(salon, location):
    backup_settings = settings_of(salon.business, location=str(location))
    assert claim(backup_settings.pk, MONDAY_NOON, only_if_due=False)
    assert backup_on_exit(MONDAY_NOON) == []
    assert Business.objects.count() == 1


def test_it_schedules_in_utc_for_any_zone(salon, location):
    Business.objects.filter(pk=salon.business.pk).update(time_zone="America/New_York")
    business = Business.objects.get(pk=salon.business.pk)
    settings_of(business, location=str(location))
    now = datetime(2026, 6, 1, 13, 10, tzinfo=UTC)  # 09:10 in New York
    run_due_backups(now)
    assert settings_for(business).next_due_at == datetime(2026, 6, 1, 16, 0, tzinfo=UTC)
