"""A backup as one .salonkeep file and back: a round trip that verifies and restores,
deterministic bytes, and files that are not backups refused whole."""

from __future__ import annotations

import io
import tarfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from salonkeep.clients.models import Client
from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.export import (
    BackupFileError,
    export_backup,
    file_name_for,
    unpack_backup_file,
)
from salonkeep.continuity.manifest import DATA_FILE, MANIFEST_FILE, SUMS_FILE
from salonkeep.continuity.verify import verify_backup

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup(salon, location, time_machine):
    time_machine.move_to("2026-11-23T14:00:30Z")
    return take_backup(salon.business, location, trigger="manual").path


def tar_of(members):
    """A tar built by hand: (TarInfo, bytes or None) pairs."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for info, content in members:
            if content is not None:
                info.size = len(content)
                archive.addfile(info, io.BytesIO(content))
            else:
                archive.addfile(info)
    buffer.seek(0)
    return buffer


def test_it_names_the_file_by_salon_and_local_time(backup):
    # Europe/London is on GMT in November: 14:00 UTC is 14:00 local.
    assert file_name_for(backup) == "rose-thorn-2026-11-23-1400.salonkeep"


def test_it_round_trips_a_backup_that_still_verifies(backup, tmp_path):
    exported = export_backup(backup)
    with tarfile.open(exported) as archive:
        assert sorted(archive.getnames()) == sorted([DATA_FILE, MANIFEST_FILE, SUMS_FILE])
    folder = unpack_backup_file(exported, tmp_path)
    result = verify_backup(folder)
    assert result.ok, result.problems
    assert (folder / DATA_FILE).read_bytes() == (backup / DATA_FILE).read_bytes()


def test_it_writes_the_same_bytes_every_time(backup):
    first = export_backup(backup).read_bytes()
    second = export_backup(backup).read_bytes()
    assert first == second


def test_it_unpacks_from_an_open_file(backup, tmp_path):
    exported = export_backup(backup)
    with exported.open("rb") as opened:
        folder = unpack_backup_file(opened, tmp_path)
    assert verify_backup(folder).ok


def regular(name):
    return tarfile.TarInfo(name)


def link(name, target, kind):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ([(regular("/etc/passwd"), b"x")], "unsafe path"),
        ([(regular("../manifest.json"), b"x")], "unsafe path"),
        ([(regular("a/../../manifest.json"), b"x")], "unsafe path"),
        ([(link("data.sqlite3", "/etc/passwd", tarfile.SYMTYPE), None)], "not a plain file"),
        ([(link("data.sqlite3", "manifest.json", tarfile.LNKTYPE), None)], "not a plain file"),
        ([(link("manifest.json", "", tarfile.DIRTYPE), None)], "not a plain file"),
        ([(regular("evil.py"), b"print(1)")], "not part of a Salonkeep backup"),
        ([(regular("backup/manifest.json"), b"{}")], "not part of a Salonkeep backup"),
        ([(regular("manifest.json"), b"{}"), (regular("manifest.json"), b"{}")], "twice"),
        ([(regular("manifest.json"), b"x" * (1024 * 1024 + 1))], "far larger"),
        ([(regular("data.sqlite3"), b"x")], "no manifest.json"),
    ],
)
def test_it_refuses_malicious_or_foreign_members(tmp_path, members, message):
    with pytest.raises(BackupFileError, match=message):
        unpack_backup_file(tar_of(members), tmp_path)
    assert not (tmp_path / "backup").exists()
    assert not (tmp_path.parent / "passwd").exists()


def test_it_refuses_a_file_that_is_not_a_tar(tmp_path):
    not_a_backup = tmp_path / "holiday.jpg"
    not_a_backup.write_bytes(b"\xff\xd8\xff\xe0" + b"jpeg" * 500)
    with pytest.raises(BackupFileError, match="not a Salonkeep backup file"):
        unpack_backup_file(not_a_backup, tmp_path)


def test_it_refuses_a_cut_short_file(backup, tmp_path):
    exported = export_backup(backup)
    cut = tmp_path / "cut.salonkeep"
    cut.write_bytes(exported.read_bytes()[:5000])
    with pytest.raises(BackupFileError):
        unpack_backup_file(cut, tmp_path)
    assert not (tmp_path / "backup").exists()


def test_the_verify_command_accepts_a_backup_file(backup):
    exported = export_backup(backup)
    out = StringIO()
    call_command("verify", str(exported), stdout=out)
    assert out.getvalue().startswith("OK ")
    assert "Rose & Thorn (rose-thorn)" in out.getvalue()


def test_the_verify_command_refuses_a_file_that_is_not_a_backup(tmp_path):
    not_a_backup = tmp_path / "notes.salonkeep"
    not_a_backup.write_text("hello")
    with pytest.raises(CommandError, match="not a Salonkeep backup file"):
        call_command("verify", str(not_a_backup))


def test_the_restore_command_accepts_a_backup_file(salon, backup, location):
    exported = export_backup(backup)
    Client.objects.create(business=salon.business, first_name="Bob", last_name="Later")
    out = StringIO()
    call_command("restore", str(exported), "--yes", "--to", str(location), stdout=out)
    assert "Restored Rose & Thorn" in out.getvalue()
    assert not Client.objects.filter(first_name="Bob").exists()
