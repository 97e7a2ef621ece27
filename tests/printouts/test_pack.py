"""Writing the outage pack into a folder: the files, atomic writes, pruning, failures."""

from __future__ import annotations

import errno
from datetime import date

import pytest
import time_machine

from salonkeep.accounts.models import OpeningHours
from salonkeep.printouts import pack
from salonkeep.printouts.pack import PackError, next_working_day, write_outage_pack
from tests.printouts.helpers import DAY, NOW, at, book, book_day, pdf_text


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def day_folder(tmp_path, day=DAY):
    return tmp_path / "rose-thorn" / "outage-pack" / day.isoformat()


def test_it_writes_the_appointment_page_and_every_day_sheet(salon, tmp_path):
    book_day(salon)
    paths = write_outage_pack(salon.business, DAY, tmp_path)
    folder = day_folder(tmp_path)
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        [
            "rose-thorn-appointments-2026-11-24.pdf",
            "rose-thorn-day-sheets-2026-11-24.pdf",
            "rose-thorn-day-sheet-olivia-owner-2026-11-24.pdf",
            "rose-thorn-day-sheet-sam-stylist-2026-11-24.pdf",
            "rose-thorn-day-sheet-jo-junior-2026-11-24.pdf",
        ]
    )
    assert sorted(paths) == sorted(folder.iterdir())
    sheets = pdf_text((folder / "rose-thorn-day-sheets-2026-11-24.pdf").read_bytes())
    for expected in ("Alice Archer", "Bella Brown", "Reacts to PPD", "Majirel 7.3 + 7.0"):
        assert expected in sheets
    page = pdf_text((folder / "rose-thorn-appointments-2026-11-24.pdf").read_bytes())
    assert "Appointments for Tuesday 24 November 2026" in page and "Bella Brown" in page
    jo = pdf_text((folder / "rose-thorn-day-sheet-jo-junior-2026-11-24.pdf").read_bytes())
    assert "Bella Brown" in jo and "Day sheet: Sam Stylist" not in jo


def test_it_keeps_the_last_seven_days_and_leaves_other_things_alone(salon, tmp_path):
    root = tmp_path / "rose-thorn" / "outage-pack"
    for day in range(10, 18):
        (root / f"2026-11-{day}").mkdir(parents=True)
        (root / f"2026-11-{day}" / "old.pdf").write_bytes(b"%PDF")
    (root / "notes").mkdir()
    write_outage_pack(salon.business, DAY, tmp_path)
    assert sorted(child.name for child in root.iterdir()) == [
        "2026-11-12",
        "2026-11-13",
        "2026-11-14",
        "2026-11-15",
        "2026-11-16",
        "2026-11-17",
        "2026-11-24",
        "notes",
    ]


def test_it_replaces_a_pack_and_removes_sheets_no_longer_needed(salon, tmp_path):
    folder = day_folder(tmp_path)
    folder.mkdir(parents=True)
    (folder / "rose-thorn-day-sheet-gone-2026-11-24.pdf").write_bytes(b"%PDF old")
    (folder / "rose-thorn-appointments-2026-11-24.pdf").write_bytes(b"%PDF old")
    write_outage_pack(salon.business, DAY, tmp_path)
    assert not (folder / "rose-thorn-day-sheet-gone-2026-11-24.pdf").exists()
    assert (folder / "rose-thorn-appointments-2026-11-24.pdf").read_bytes() != b"%PDF old"
    assert not [path for path in folder.iterdir() if path.name.endswith(".part")]


def test_it_refuses_a_missing_location(salon, tmp_path):
    with pytest.raises(PackError, match=r"There is no folder .*unplugged"):
        write_outage_pack(salon.business, DAY, tmp_path / "unplugged")
    assert not (tmp_path / "unplugged").exists()


def test_it_refuses_a_location_that_is_a_file(salon, tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(PackError):
        write_outage_pack(salon.business, DAY, tmp_path / "file")


def test_it_creates_the_default_location(salon, tmp_path, settings):
    settings.SALONKEEP_HOME = tmp_path / "home"
    write_outage_pack(salon.business, DAY, tmp_path / "home" / "backups")
    assert day_folder(tmp_path / "home" / "backups").is_dir()


def test_it_explains_a_full_disk_and_leaves_no_half_written_file(salon, tmp_path, monkeypatch):
    def full(_fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pack.os, "fsync", full)
    with pytest.raises(PackError, match="is full"):
        write_outage_pack(salon.business, DAY, tmp_path)
    assert list(day_folder(tmp_path).iterdir()) == []


def test_it_explains_a_folder_it_may_not_write_in(salon, tmp_path, monkeypatch):
    def denied(*args, **kwargs):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(pack, "_write_atomically", denied)
    with pytest.raises(PackError, match="not allowed to write"):
        write_outage_pack(salon.business, DAY, tmp_path)


def test_it_finds_the_next_working_day(salon):
    # Open Monday to Saturday: after Saturday comes Monday.
    assert next_working_day(salon.business, date(2026, 11, 23)) == date(2026, 11, 24)
    assert next_working_day(salon.business, date(2026, 11, 28)) == date(2026, 11, 30)


def test_it_counts_a_booked_closed_day_as_working(salon):
    OpeningHours.objects.create(
        business=salon.business,
        location=salon.location,
        weekday=6,
        opens=at(9).time(),
        closes=at(12).time(),
    )
    sunday = book(
        salon, (salon.cut, salon.jo, at(10, day=date(2026, 11, 29))), check_schedule=False
    )
    OpeningHours.objects.get(location=salon.location, weekday=6).delete()
    assert sunday.pk
    assert next_working_day(salon.business, date(2026, 11, 28)) == date(2026, 11, 29)


def test_it_falls_back_to_tomorrow_when_never_open(salon):
    OpeningHours.objects.filter(business=salon.business).delete()
    assert next_working_day(salon.business, date(2026, 11, 28)) == date(2026, 11, 29)
