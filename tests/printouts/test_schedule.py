"""The evening outage pack job: the owner's time in the salon's zone, one writer, catching
up after the computer was off, and failures recorded instead of crashing the loop."""

from __future__ import annotations

from datetime import UTC, datetime, time
from zoneinfo import ZoneInfo

import pytest

from salonkeep.continuity.runs import settings_for
from salonkeep.printouts import schedule
from salonkeep.printouts.models import OutagePackRun, OutagePackSettings, PackStatus
from salonkeep.printouts.schedule import (
    claim,
    next_slot_after,
    pack_settings_for,
    run_due_packs,
)
from salonkeep.system.jobs import registered_jobs


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def location(salon, tmp_path):
    backup_settings = settings_for(salon.business)
    backup_settings.location = str(tmp_path)
    backup_settings.save()
    return tmp_path


def packs(location):
    root = location / "rose-thorn" / "outage-pack"
    return sorted(child.name for child in root.iterdir()) if root.exists() else []


def test_it_is_a_registered_background_job():
    assert registered_jobs()["outage-pack"] is run_due_packs


def test_it_writes_tomorrow_s_pack_at_seven_in_the_evening(salon, location):
    assert run_due_packs(utc(2026, 11, 23, 9)) == []
    pack_settings = OutagePackSettings.objects.get(business=salon.business)
    assert pack_settings.next_due_at == utc(2026, 11, 23, 19)
    assert run_due_packs(utc(2026, 11, 23, 18, 59)) == []
    [run] = run_due_packs(utc(2026, 11, 23, 19))
    assert (run.status, run.day.isoformat(), run.trigger, run.files) == (
        PackStatus.WRITTEN,
        "2026-11-24",
        "schedule",
        5,
    )
    assert packs(location) == ["2026-11-24"]
    assert run_due_packs(utc(2026, 11, 23, 19, 1)) == []
    pack_settings.refresh_from_db()
    assert pack_settings.next_due_at == utc(2026, 11, 24, 19)
    assert pack_settings.claimed_until is None


def test_it_writes_monday_s_pack_on_saturday_evening(salon, location):
    run_due_packs(utc(2026, 11, 28, 9))
    [run] = run_due_packs(utc(2026, 11, 28, 19, 0, 30))
    assert run.day.isoformat() == "2026-11-30"


def test_it_uses_the_time_the_owner_chose_in_the_salon_s_zone(salon, location):
    salon.business.time_zone = "America/New_York"
    salon.business.save()
    pack_settings = pack_settings_for(salon.business)
    pack_settings.at = time(20, 30)
    pack_settings.save()
    run_due_packs(utc(2026, 11, 23, 12))
    # 20:30 in New York (UTC-5 in November) is 01:30 UTC the next day.
    assert run_due_packs(utc(2026, 11, 24, 1, 29)) == []
    [run] = run_due_packs(utc(2026, 11, 24, 1, 30))
    assert run.day.isoformat() == "2026-11-24"


def test_it_catches_up_once_after_the_computer_was_off(salon, location):
    run_due_packs(utc(2026, 11, 23, 9))
    # Off from before 19:00 until 08:00 next morning: that morning's pack is still useful.
    [run] = run_due_packs(utc(2026, 11, 24, 8))
    assert run.day.isoformat() == "2026-11-24"
    assert run_due_packs(utc(2026, 11, 24, 8, 1)) == []
    assert OutagePackSettings.objects.get().next_due_at == utc(2026, 11, 24, 19)


def test_it_writes_only_the_current_pack_after_a_week_off(salon, location):
    run_due_packs(utc(2026, 11, 16, 9))
    [run] = run_due_packs(utc(2026, 11, 24, 20))
    assert run.day.isoformat() == "2026-11-25"
    assert packs(location) == ["2026-11-25"]


def test_it_is_claimed_by_one_worker_only(salon, location):
    run_due_packs(utc(2026, 11, 23, 9))
    pack_settings = OutagePackSettings.objects.get()
    now = utc(2026, 11, 23, 19)
    assert claim(pack_settings.pk, now) is True
    # A second worker at the same moment finds the lease taken and writes nothing.
    assert claim(pack_settings.pk, now) is False
    assert run_due_packs(now) == []
    assert packs(location) == []
    # A lease whose worker died runs out, and the pack is then written.
    [run] = run_due_packs(utc(2026, 11, 23, 19, 20))
    assert run.status == PackStatus.WRITTEN


def test_it_does_nothing_when_switched_off(salon, location):
    pack_settings = pack_settings_for(salon.business)
    pack_settings.enabled = False
    pack_settings.save()
    assert run_due_packs(utc(2026, 11, 23, 19)) == []
    assert run_due_packs(utc(2026, 11, 24, 19)) == []
    assert packs(location) == []


def test_it_records_a_missing_location_and_tries_again_soon(salon, tmp_path):
    backup_settings = settings_for(salon.business)
    backup_settings.location = str(tmp_path / "unplugged")
    backup_settings.save()
    run_due_packs(utc(2026, 11, 23, 9))
    [run] = run_due_packs(utc(2026, 11, 23, 19))  # recorded, not raised
    assert list(OutagePackRun.objects.all()) == [run]
    assert run.status == PackStatus.FAILED
    assert "There is no folder" in run.error and "unplugged" in run.error
    assert OutagePackSettings.objects.get().next_due_at == utc(2026, 11, 23, 19, 30)
    (tmp_path / "unplugged").mkdir()
    [retry] = run_due_packs(utc(2026, 11, 23, 19, 30))
    assert retry.status == PackStatus.WRITTEN
    assert OutagePackSettings.objects.get().next_due_at == utc(2026, 11, 24, 19)


def test_it_records_a_printout_that_could_not_be_made(salon, location, monkeypatch):
    def broken(*args):
        raise RuntimeError("font missing")

    monkeypatch.setattr(schedule, "render_outage_pack", broken)
    run_due_packs(utc(2026, 11, 23, 9))
    [run] = run_due_packs(utc(2026, 11, 23, 19))
    assert run.status == PackStatus.FAILED
    assert run.error == "The printouts could not be made: font missing"


@pytest.mark.parametrize(
    ("zone", "now", "expected"),
    [
        # London: clocks go forward on 29 March 2026, 19:00 BST is 18:00 UTC.
        ("Europe/London", utc(2026, 3, 28, 19, 30), utc(2026, 3, 29, 18)),
        # New York: clocks go back on 1 November 2026, 19:00 EST is 00:00 UTC next day.
        ("America/New_York", utc(2026, 10, 31, 23, 30), utc(2026, 11, 2, 0)),
        ("America/New_York", utc(2026, 10, 31, 22, 59), utc(2026, 10, 31, 23)),
    ],
)
def test_it_keeps_the_wall_clock_time_across_clock_changes(zone, now, expected):
    assert next_slot_after(time(19), ZoneInfo(zone), now) == expected
