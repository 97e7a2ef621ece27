"""Work folders left behind by killed processes are removed when stale; a fresh one, or
one a running process still holds, is kept."""

from __future__ import annotations

import fcntl
import logging
import os
import signal
import subprocess
import sys
import time
from io import StringIO

import pytest
import time_machine
import waitress
from django.core.management import call_command

from salonkeep.continuity import work_folders
from salonkeep.continuity.backup import WORK_FOLDER, make_work_folder
from salonkeep.continuity.work_folders import (
    HELD_BY_FILE,
    STALE_AFTER,
    locks_root,
    mark_in_use,
    remove_stale_work_folders,
    work_root,
)

OLD = STALE_AFTER.total_seconds() + 60


@pytest.fixture(autouse=True)
def home(settings, tmp_path):
    settings.SALONKEEP_HOME = tmp_path
    return tmp_path


def age(path, seconds):
    then = time.time() - seconds
    os.utime(path, (then, then))


def work_folder(name, seconds_old, content=b"a copy of the database"):
    folder = work_root() / name
    folder.mkdir(parents=True)
    (folder / "data.sqlite3").write_bytes(content)
    age(folder, seconds_old)
    return folder


def test_it_uses_the_backups_work_folder():
    assert work_root().name == WORK_FOLDER


def test_it_removes_a_stale_folder_and_logs_it(caplog):
    caplog.set_level(logging.INFO, logger="salonkeep.continuity.work_folders")
    stale = work_folder("backup-abc123", OLD)
    assert remove_stale_work_folders() == [stale]
    assert not stale.exists()
    assert f"Removed {stale}" in caplog.text


def test_it_keeps_a_fresh_folder():
    fresh = work_folder("restore-abc123", STALE_AFTER.total_seconds() - 600)
    assert remove_stale_work_folders() == []
    assert (fresh / "data.sqlite3").exists()


def test_it_keeps_an_old_folder_this_process_holds():
    folder = work_folder("export-held", 0)
    mark_in_use(folder)
    age(folder, OLD)
    assert remove_stale_work_folders() == []
    assert folder.exists()


def test_it_keeps_an_old_folder_another_running_process_holds():
    # Another process takes the lock and marks the folder, as make_work_folder does.
    folder = work_folder("backup-other", 0)
    locks = locks_root()
    locks.mkdir(parents=True, exist_ok=True)
    lock_file = locks / "process-0123456789abcdef.lock"
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    (folder / HELD_BY_FILE).write_text(lock_file.name)
    age(folder, OLD)
    try:
        assert remove_stale_work_folders() == []
        assert folder.exists() and lock_file.exists()
    finally:
        os.close(fd)
    # Once that process has ended (its lock released), the folder is stale after all,
    # and the dead process's lock file goes too.
    age(folder, OLD)
    assert remove_stale_work_folders() == [folder]
    assert not lock_file.exists()


def test_it_removes_the_folder_of_a_killed_process(home):
    script = (
        "import os, sys, time, django\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'salonkeep.settings'\n"
        f"os.environ['SALONKEEP_HOME'] = {str(home)!r}\n"
        "django.setup()\n"
        "from salonkeep.continuity.backup import make_work_folder\n"
        "print(make_work_folder('backup-'), flush=True)\n"
        "time.sleep(60)\n"
    )
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        folder = work_root() / os.path.basename(child.stdout.readline().strip())
        assert folder.is_dir()
        age(folder, OLD)
        assert remove_stale_work_folders() == []  # the child is alive and holds it
        child.kill()
        child.wait()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    age(folder, OLD)
    assert remove_stale_work_folders() == [folder]


def test_it_keeps_an_old_unmarked_folder_only_while_young():
    # Folders made without a mark (bucket downloads, decryption) are judged by age alone.
    folder = work_folder("decrypt-xyz", 60)
    assert remove_stale_work_folders() == []
    age(folder, OLD)
    assert remove_stale_work_folders() == [folder]


def test_it_removes_a_stale_partial_photo_upload(home):
    incoming = home / "photos" / ".incoming"
    incoming.mkdir(parents=True)
    stale, fresh = incoming / "upload-old", incoming / "upload-new"
    stale.write_bytes(b"half a photo")
    fresh.write_bytes(b"a photo arriving now")
    age(stale, OLD)
    assert remove_stale_work_folders() == [stale]
    assert fresh.exists()


def test_it_cleans_up_when_a_work_folder_is_made():
    stale = work_folder("backup-killed", OLD)
    new = make_work_folder("backup-")
    assert not stale.exists()
    assert (new / HELD_BY_FILE).exists()
    # The locks live beside tmp, so tmp holds nothing but work folders.
    assert list(work_root().iterdir()) == [new]


def test_it_cleans_up_when_the_worker_starts(monkeypatch):
    stale = work_folder("restore-killed", OLD)
    monkeypatch.setattr("salonkeep.continuity.management.commands.worker.run_step", lambda: [])
    call_command("worker", "--once")
    assert not stale.exists()


def test_it_never_fails_when_a_folder_cannot_be_removed(monkeypatch, caplog):
    stale = work_folder("backup-stuck", OLD)

    def refuse(path):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(work_folders.shutil, "rmtree", refuse)
    assert remove_stale_work_folders() == []
    assert stale.exists()
    assert "Could not remove" in caplog.text


def test_it_does_nothing_without_a_work_folder(home):
    assert remove_stale_work_folders() == []
    assert not (home / WORK_FOLDER).exists()


@pytest.mark.django_db(transaction=True)
def test_it_cleans_up_when_the_server_starts(monkeypatch):
    stale = work_folder("upload-abandoned", OLD)
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    # No real web server: waitress returns at once, as after Ctrl+C.
    monkeypatch.setattr(waitress, "serve", lambda *args, **kwargs: None)
    try:
        call_command(
            "serve",
            "--port",
            "8123",
            "--no-worker",
            "--exit-backup-seconds",
            "0",
            stdout=StringIO(),
        )
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
    assert not stale.exists()


def test_it_judges_age_by_the_file_system_clock_not_a_travelling_test_clock():
    fresh = work_folder("decrypt-in-use", 60)
    with time_machine.travel(time.time() + 3 * 24 * 3600):
        assert remove_stale_work_folders() == []
    assert fresh.exists()
