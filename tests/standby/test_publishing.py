"""The live system's job that keeps the standby's snapshot fresh."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from salonkeep.clients.models import Client
from salonkeep.continuity.listing import list_backups
from salonkeep.continuity.models import BackupSettings
from salonkeep.continuity.verify import verify_backup
from salonkeep.standby import publishing
from salonkeep.standby.publishing import (
    CONFIRMED_FILE,
    LOCK_FILE,
    STANDBY_FOLDER,
    PublishSchedule,
    publish_if_changed,
    standby_folder,
)
from salonkeep.system.jobs import registered_jobs

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def snapshots(location, salon):
    folder = standby_folder(location, salon.business.slug)
    return sorted(path.name for path in folder.glob("2*"))


def test_it_publishes_a_verified_snapshot_when_something_changed(salon, location):
    with time_machine.travel(START, tick=False):
        assert publish_if_changed(salon.business, location, START) == "published"
    (name,) = snapshots(location, salon)
    folder = standby_folder(location, salon.business.slug) / name
    assert verify_backup(folder).ok
    confirmed = json.loads((folder.parent / CONFIRMED_FILE).read_text())
    assert confirmed["snapshot"] == name
    # Never mistaken for a salon's retained backups.
    assert list_backups(location) == []


def test_it_does_not_publish_when_nothing_changed_but_confirms(salon, location):
    with time_machine.travel(START, tick=False):
        publish_if_changed(salon.business, location, START)
    later = START + timedelta(minutes=5)
    with time_machine.travel(later, tick=False):
        assert publish_if_changed(salon.business, location, later) == "unchanged"
    assert len(snapshots(location, salon)) == 1
    confirmed = json.loads(
        (standby_folder(location, salon.business.slug) / CONFIRMED_FILE).read_text()
    )
    assert confirmed["confirmed_at"] == "2026-11-23T09:05:00Z"


def test_it_publishes_again_after_a_change_and_keeps_two(salon, location):
    for minute in range(3):
        moment = START + timedelta(minutes=5 * minute)
        Client.objects.create(business=salon.business, first_name=f"New {minute}")
        with time_machine.travel(moment, tick=False):
            assert publish_if_changed(salon.business, location, moment) == "published"
    assert snapshots(location, salon) == ["20261123T090500Z-schedule", "20261123T091000Z-schedule"]


def test_it_leaves_the_work_to_a_process_already_publishing(salon, location):
    folder = standby_folder(location, salon.business.slug)
    folder.mkdir(parents=True)
    (folder / LOCK_FILE).touch()
    assert publish_if_changed(salon.business, location, START) == "busy"
    assert snapshots(location, salon) == []


def test_it_takes_over_a_lock_left_by_a_dead_process(salon, location):
    folder = standby_folder(location, salon.business.slug)
    folder.mkdir(parents=True)
    (folder / LOCK_FILE).touch()
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=20)):
        assert publish_if_changed(salon.business, location, START) == "published"
    assert not (folder / LOCK_FILE).exists()


def test_the_job_respects_the_interval(salon, location, monkeypatch):
    BackupSettings.objects.update_or_create(
        business=salon.business, defaults={"location": str(location)}
    )
    monkeypatch.setattr(publishing, "interval", lambda: timedelta(minutes=5))
    schedule = PublishSchedule()
    with time_machine.travel(START, tick=False):
        assert schedule.run(START) == {salon.business.slug: "published"}
    Client.objects.create(business=salon.business, first_name="Nina")
    with time_machine.travel(START + timedelta(minutes=4), tick=False):
        assert schedule.run(START + timedelta(minutes=4)) == {}
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        assert schedule.run(START + timedelta(minutes=5)) == {salon.business.slug: "published"}
    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        assert schedule.run(START + timedelta(minutes=10)) == {salon.business.slug: "unchanged"}
    assert len(snapshots(location, salon)) == 2


def test_the_job_can_be_switched_off(salon, location, monkeypatch):
    BackupSettings.objects.update_or_create(
        business=salon.business, defaults={"location": str(location)}
    )
    monkeypatch.setattr(publishing, "interval", lambda: None)
    assert PublishSchedule().run(START) == {}
    assert not (location / STANDBY_FOLDER).exists()


def test_the_job_records_a_failure_and_goes_on(salon, other, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    BackupSettings.objects.update_or_create(
        business=salon.business, defaults={"location": str(blocked)}
    )
    BackupSettings.objects.update_or_create(
        business=other.business, defaults={"location": str(tmp_path / "fine")}
    )
    monkeypatch.setattr(publishing, "interval", lambda: timedelta(minutes=5))
    results = PublishSchedule().run(START)
    assert results == {salon.business.slug: "failed", other.business.slug: "published"}


def test_the_job_is_registered_and_defaults_to_five_minutes(settings):
    assert registered_jobs()["standby-snapshot"] is publishing.publish_due_snapshots
    assert settings.CONFIG["standby_every_minutes"] == 5
    assert publishing.interval() == timedelta(minutes=5)
