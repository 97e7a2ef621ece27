"""`salonkeep worker`, the backup thread of `salonkeep serve`, the backups serve makes
when it stops, and `salonkeep backup` being recorded like every other backup."""

import os
import signal
import threading
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

import pytest
import time_machine
import waitress
from django.core.management import CommandError, call_command
from django.utils import timezone

from salonkeep.cli import COMMANDS
from salonkeep.continuity.models import BackupRun, BackupSettings, RunStatus
from salonkeep.continuity.runs import settings_for
from salonkeep.continuity.worker import WorkerLoop, start_worker_thread
from salonkeep.system.management.commands import serve as serve_command

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def due_now(business, location):
    """A business whose scheduled backup is due now, backing up into `location`."""
    backup_settings = settings_for(business)
    BackupSettings.objects.filter(pk=backup_settings.pk).update(
        location=str(location), next_due_at=timezone.now() - timedelta(minutes=1)
    )


@pytest.fixture
def restore_signals():
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


def test_it_is_a_salonkeep_command():
    assert "worker" in COMMANDS


def test_it_makes_the_due_backups_once_and_exits(salon, location):
    due_now(salon.business, location)
    out, err = run("worker", "--once")
    run_record = BackupRun.objects.get()
    assert run_record.trigger == "schedule" and run_record.status == RunStatus.VERIFIED
    assert out == f"Backed up {salon.business.slug}: {run_record.path}\n"
    assert err == ""
    # Nothing is due any more.
    assert run("worker", "--once") == ("", "")


def test_it_reports_a_failed_backup_on_stderr(salon, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    due_now(salon.business, blocker)
    out, err = run("worker", "--once")
    assert out == ""
    assert err.startswith(f"Backup of {salon.business.slug} FAILED: The backup location")


def test_it_schedules_without_backing_up_when_nothing_is_due(salon):
    assert run("worker", "--once") == ("", "")
    assert settings_for(salon.business).next_due_at > timezone.now()
    assert not BackupRun.objects.exists()


@pytest.mark.parametrize("poll", ["0", "abc", "3601"])
def test_it_refuses_a_bad_poll_interval(db, poll):
    with pytest.raises(CommandError, match="--poll"):
        run("worker", "--poll", poll)


def test_it_stops_on_sigterm_after_the_step_in_progress(db, monkeypatch, restore_signals):
    steps = []

    def step():
        steps.append("started")
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(0.05)  # the signal arrives mid-step; the step still finishes
        steps.append("finished")
        return []

    from salonkeep.continuity.management.commands import worker as worker_command

    monkeypatch.setattr(worker_command, "run_step", step)
    before = signal.getsignal(signal.SIGTERM)
    out, _ = run("worker", "--poll", "1")
    assert steps == ["started", "finished"]
    assert out.endswith("Backup worker stopped.\n")
    assert signal.getsignal(signal.SIGTERM) is before


def test_the_loop_keeps_going_after_a_failed_step():
    calls = []

    def step():
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database briefly unreachable")
        loop.stop()

    loop = WorkerLoop(0.01, step)
    loop.run()
    assert len(calls) == 2


def test_it_runs_the_loop_in_a_daemon_thread():
    stepped = threading.Event()
    loop = WorkerLoop(0.01, stepped.set)
    thread = start_worker_thread(loop)
    assert thread.daemon
    assert stepped.wait(10)
    loop.stop()
    thread.join(10)
    assert not thread.is_alive()


def test_serve_starts_the_backup_thread_that_schedules_salons(salon):
    loop, thread = serve_command.start_backup_worker(poll_seconds=0.05)
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if BackupSettings.objects.filter(
                business=salon.business, next_due_at__isnull=False
            ).exists():
                break
            time.sleep(0.05)
        assert settings_for(salon.business).next_due_at > timezone.now()
    finally:
        loop.stop()
        thread.join(20)
    assert not thread.is_alive()


@pytest.fixture
def fake_waitress(monkeypatch, restore_signals):
    """serve() without a web server: returns at once, as waitress does after Ctrl+C."""
    calls = []
    monkeypatch.setattr(waitress, "serve", lambda *args, **kwargs: calls.append(kwargs))
    return calls


@pytest.fixture
def worker_starts(monkeypatch):
    started = []
    real_start = serve_command.start_backup_worker

    def start(*args, **kwargs):
        started.append(True)
        return real_start(60.0)

    monkeypatch.setattr(serve_command, "start_backup_worker", start)
    return started


def test_serve_backs_up_on_exit(salon, location, fake_waitress, worker_starts):
    BackupSettings.objects.filter(pk=settings_for(salon.business).pk).update(location=str(location))
    out, _ = run("serve", "--port", "8123")
    assert fake_waitress and worker_starts == [True]
    exit_run = BackupRun.objects.get(trigger="on_exit")
    assert exit_run.status == RunStatus.VERIFIED
    assert Path(exit_run.path).parent.parent == location
    assert f"Backup of {salon.business.slug} on exit: verified." in out
    assert out.endswith("Salonkeep stopped.\n")


def test_serve_can_leave_backups_to_a_separate_worker(salon, fake_waitress, worker_starts):
    out, _ = run("serve", "--port", "8123", "--no-worker", "--exit-backup-seconds", "0")
    assert fake_waitress and worker_starts == []
    assert not BackupRun.objects.exists()
    assert "on exit" not in out


def test_serve_skips_the_exit_backup_after_a_recent_one(salon, location, fake_waitress):
    BackupSettings.objects.filter(pk=settings_for(salon.business).pk).update(location=str(location))
    run("backup")
    with time_machine.travel(timezone.now() + timedelta(minutes=30)):
        run("serve", "--port", "8123", "--no-worker")
    assert list(BackupRun.objects.values_list("trigger", flat=True)) == ["manual"]


def test_serve_refuses_a_bad_exit_backup_time(db, fake_waitress):
    with pytest.raises(SystemExit):
        run("serve", "--exit-backup-seconds", "-1")
    assert fake_waitress == []


def test_command_line_backups_are_recorded(salon, location):
    out, _ = run("backup", "--to", str(location))
    recorded = BackupRun.objects.get()
    assert (recorded.trigger, recorded.status) == ("manual", RunStatus.VERIFIED)
    assert recorded.path == out.strip()


def test_command_line_backups_use_the_configured_location_and_keep(salon, location):
    BackupSettings.objects.filter(pk=settings_for(salon.business).pk).update(
        location=str(location), keep=1
    )
    with time_machine.travel(timezone.now()) as traveller:
        run("backup")
        traveller.shift(timedelta(minutes=1))
        out, _ = run("backup")
    assert [path.name for path in (location / salon.business.slug).iterdir()] == [
        Path(out.strip()).name
    ]


def test_command_line_backup_failures_are_recorded(salon, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(CommandError, match="No backup was made"):
        run("backup", "--to", str(blocker))
    assert BackupRun.objects.get().status == RunStatus.FAILED
