"""The registry of timed jobs run by the background loop."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from salonkeep.continuity import worker
from salonkeep.system import jobs


@pytest.fixture
def clean_registry(monkeypatch):
    monkeypatch.setattr(jobs, "_jobs", {})


def test_it_runs_every_registered_job_with_the_time(clean_registry):
    seen = []
    jobs.register_job("first", lambda now: seen.append(("first", now)))
    jobs.register_job("second", lambda now: seen.append(("second", now)))
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)

    assert jobs.run_jobs(now) == []
    assert seen == [("first", now), ("second", now)]


def test_it_keeps_running_the_others_when_one_fails(clean_registry, caplog):
    seen = []

    def broken(now):
        raise RuntimeError("printer on fire")

    jobs.register_job("broken", broken)
    jobs.register_job("fine", lambda now: seen.append(now))

    assert jobs.run_jobs(datetime(2026, 11, 23, tzinfo=UTC)) == ["broken"]
    assert len(seen) == 1
    assert "Background job broken failed" in caplog.text


def test_it_registers_a_name_once(clean_registry):
    calls = []
    jobs.register_job("job", lambda now: calls.append(1))
    jobs.register_job("job", lambda now: calls.append(2))
    jobs.run_jobs(datetime(2026, 11, 23, tzinfo=UTC))
    assert calls == [2]


@pytest.mark.django_db(transaction=True)
def test_it_runs_the_jobs_in_every_worker_step(clean_registry):
    seen = []
    jobs.register_job("probe", seen.append)
    worker.run_step()
    assert len(seen) == 1
