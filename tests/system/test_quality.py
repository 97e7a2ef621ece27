"""The quality gates, run as tests so that `make test` (and CI) enforce them.

Lint, formatting, types and migrations do not depend on the database engine, so these
run once, in the SQLite run of `make test`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# bench/ holds benchmark scripts once there are any (git keeps no empty folder).
CODE = [folder for folder in ("salonkeep", "tests", "bench") if (ROOT / folder).is_dir()]
# The Python scripts of scripts/ have no .py suffix, so they are named one by one.
SCRIPTS = ["scripts/test", "scripts/with-postgres"]
ON_POSTGRESQL = os.environ.get("DATABASE_URL", "").startswith("postgres")

engine_independent = pytest.mark.skipif(
    ON_POSTGRESQL, reason="engine-independent; runs in the SQLite run"
)


def run_tool(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def assert_clean(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        pytest.fail(
            f"{what} failed (exit status {result.returncode}):\n{result.stdout}\n{result.stderr}",
            pytrace=False,
        )


@engine_independent
def test_it_passes_ruff_lint():
    assert_clean(run_tool("ruff", "check", "--no-cache", *CODE, *SCRIPTS), "ruff check")


@engine_independent
def test_it_is_formatted_with_ruff():
    assert_clean(
        run_tool("ruff", "format", "--check", "--no-cache", *CODE, *SCRIPTS),
        "ruff format --check (run `make format`)",
    )


@engine_independent
def test_it_passes_mypy_strict():
    assert_clean(run_tool("mypy", "salonkeep"), "mypy salonkeep")


@engine_independent
@pytest.mark.parametrize("script", SCRIPTS)
def test_it_type_checks_the_scripts(script):
    # One at a time: to mypy each is a module called __main__.
    assert_clean(run_tool("mypy", "--strict", script), f"mypy --strict {script}")


@engine_independent
def test_it_has_a_migration_for_every_model_change(tmp_path):
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("SALONKEEP_") and name != "DATABASE_URL"
    }
    env.update(DJANGO_SETTINGS_MODULE="salonkeep.settings", SALONKEEP_HOME=str(tmp_path))
    result = run_tool("django", "makemigrations", "--check", "--dry-run", env=env)
    assert_clean(result, "makemigrations --check (a model changed without a new migration)")


@pytest.mark.django_db
def test_it_runs_on_the_engine_that_database_url_names():
    # Guards `make test` itself: the PostgreSQL run must really run on PostgreSQL.
    assert connection.vendor == ("postgresql" if ON_POSTGRESQL else "sqlite")
