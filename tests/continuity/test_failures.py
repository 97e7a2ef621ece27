"""When a backup cannot be written: a clear reason, nothing half-published, and the
earlier backups untouched. Disk full is tested on a real tiny filesystem when this
machine allows mounting one (as root), and by a failing fsync everywhere."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import time

import pytest

from salonkeep.continuity import publish
from salonkeep.continuity.backup import BackupError, take_backup
from salonkeep.continuity.listing import list_backups
from salonkeep.continuity.manifest import DATA_FILE
from salonkeep.continuity.verify import verify_backup

pytestmark = pytest.mark.django_db(transaction=True)


def mount_tmpfs(folder, options):
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")


@pytest.fixture
def small_drive(tmp_path):
    drive = tmp_path / "usb"
    mount_tmpfs(drive, "size=4m")
    yield drive
    subprocess.run(["umount", "-l", str(drive)], check=False)


def listed(location):
    return [entry.path for entry in list_backups(location)]


def no_leftovers(location):
    return not any(path.name.startswith(".") for path in location.glob("*/*"))


def test_it_reports_a_full_drive_and_keeps_the_earlier_backup(salon, small_drive):
    earlier = take_backup(salon.business, small_drive).path
    free = shutil.disk_usage(small_drive).free
    (small_drive / "filler").write_bytes(b"\0" * (free - 64 * 1024))  # leave 64 KB
    with pytest.raises(BackupError, match=r"is full \(no space left on the device\)"):
        take_backup(salon.business, small_drive)
    assert listed(small_drive) == [earlier]
    assert verify_backup(earlier).ok
    assert no_leftovers(small_drive)


def test_it_reports_a_full_drive_found_at_fsync(salon, location, monkeypatch):
    """Some filesystems (network shares, thin-provisioned disks) only report a full disk
    when the data is forced out."""
    earlier = take_backup(salon.business, location).path

    def full(descriptor):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(publish.os, "fsync", full)
    with pytest.raises(BackupError, match="is full"):
        take_backup(salon.business, location)
    monkeypatch.undo()
    assert listed(location) == [earlier]
    assert no_leftovers(location)


def test_it_reports_a_read_only_location(salon, tmp_path):
    drive = tmp_path / "locked"
    mount_tmpfs(drive, "size=1m,ro")
    try:
        with pytest.raises(BackupError, match="is not writable"):
            take_backup(salon.business, drive)
    finally:
        subprocess.run(["umount", "-l", str(drive)], check=False)


def test_it_reports_a_location_that_is_a_file(salon, tmp_path):
    target = tmp_path / "backups.txt"
    target.write_text("not a folder")
    with pytest.raises(BackupError, match="is a file, not a folder"):
        take_backup(salon.business, target)
    assert target.read_text() == "not a folder"


def test_it_reports_a_location_that_vanishes_mid_write(salon, location, monkeypatch):
    copy = publish.copy_file

    def unplugged_after_copy(source, target):
        entry = copy(source, target)
        shutil.rmtree(location)  # the drive is pulled out
        return entry

    monkeypatch.setattr(publish, "copy_file", unplugged_after_copy)
    with pytest.raises(BackupError, match="disappeared while the backup was being written"):
        take_backup(salon.business, location)
    assert not location.exists()


def test_it_discards_a_copy_that_reads_back_wrong(salon, location, monkeypatch):
    earlier = take_backup(salon.business, location).path
    copy = publish.copy_file

    def corrupting_copy(source, target):
        entry = copy(source, target)
        with target.open("r+b") as handle:  # the drive returns something else
            handle.seek(100)
            handle.write(b"\xff")
        return entry

    monkeypatch.setattr(publish, "copy_file", corrupting_copy)
    with pytest.raises(BackupError, match="did not verify when read back"):
        take_backup(salon.business, location)
    assert listed(location) == [earlier]
    assert no_leftovers(location)


def test_it_ignores_and_later_removes_what_a_crash_left(salon, location):
    business_folder = location / salon.business.slug
    stale = business_folder / ".incoming-crashed"
    fresh = business_folder / ".incoming-running"
    for folder in (stale, fresh):
        folder.mkdir(parents=True)
        (folder / DATA_FILE).write_bytes(b"half")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale / DATA_FILE, (hours_ago, hours_ago))
    os.utime(stale, (hours_ago, hours_ago))
    assert list_backups(location) == []
    made = take_backup(salon.business, location).path
    assert listed(location) == [made]
    assert not stale.exists()
    assert fresh.exists()  # may belong to a backup still running
