"""Recording backup attempts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from salonkeep.continuity.models import BackupRun, RunStatus
from salonkeep.continuity.runs import ABANDONED_AFTER, latest_run, run_backup

# Backups read through their own connection, so the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True)

NOW = datetime(2026, 11, 23, 14, tzinfo=UTC)


def test_it_records_a_verified_run(salon, tmp_path):
    run, outcome = run_backup(salon.business, "manual", location=tmp_path)
    assert outcome is not None
    assert run.status == RunStatus.VERIFIED and run.path == str(outcome.path)
    assert run.size_bytes and run.finished_at


def test_it_records_a_failed_run_with_its_reason(salon, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    run, outcome = run_backup(salon.business, "manual", location=blocker)
    assert outcome is None
    assert run.status == RunStatus.FAILED and run.error


def test_a_run_cut_off_long_ago_is_recorded_as_failed(salon, other, tmp_path):
    """A killed process leaves its run "running"; the next run marks it failed so the
    failure is shown instead of a run that never ends."""

    def stuck(business, started):
        return BackupRun.objects.create(
            business=business,
            trigger="schedule",
            started_at=started,
            status=RunStatus.RUNNING,
            location=str(tmp_path),
        )

    old = stuck(salon.business, NOW - ABANDONED_AFTER - timedelta(minutes=1))
    recent = stuck(salon.business, NOW - timedelta(minutes=5))
    elsewhere = stuck(other.business, NOW - ABANDONED_AFTER - timedelta(hours=1))
    with time_machine.travel(NOW, tick=False):
        run_backup(salon.business, "manual", location=tmp_path)
    old.refresh_from_db()
    recent.refresh_from_db()
    elsewhere.refresh_from_db()
    assert old.status == RunStatus.FAILED and "stopped before it finished" in old.error
    assert recent.status == RunStatus.RUNNING  # may still be going in another process
    assert elsewhere.status == RunStatus.RUNNING  # another salon's runs are its own
    assert latest_run(salon.business).status == RunStatus.VERIFIED
