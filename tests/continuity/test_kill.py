"""SIGKILL at random moments during `salonkeep backup` and `salonkeep restore`.

A power cut or a killed process must never lose a backup, list half a backup, or leave
the live salon half restored. These tests run the real command in a child process,
kill it (SIGKILL: no cleanup code runs) after a seeded random delay spread over the
time a full run takes, and again at moments spread over the critical step (publishing a
backup; a restore's transaction), then check what is left.

They run on SQLite only: the child processes need a database of their own, which on
PostgreSQL would mean creating one per test.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")),
    reason="kill tests run their own salonkeep processes on a private SQLite data folder",
)

REPO = Path(__file__).resolve().parents[2]
KILLS = 6
FOCUSED_KILLS = 4
LISTED_ROW = re.compile(r"^\s+\d{4}-\d\d-\d\d \d\d:\d\d .*\s(yes|NO)\s+(\S+)$")
REMOVED_APPOINTMENTS = 15
EXTRA_FIRST_NAME = "Killtest"
FILES = ("data.sqlite3", "manifest.json", "SHA256SUMS")


def child_env(home: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SALONKEEP_") and key != "DATABASE_URL"
    }
    env["SALONKEEP_HOME"] = str(home)
    return env


def salonkeep(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "salonkeep", *args],
        cwd=REPO,
        env=child_env(home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"salonkeep {args} failed:\n{result.stdout}{result.stderr}"
    return result


def start(home: Path, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "salonkeep", *args],
        cwd=REPO,
        env=child_env(home),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for_new(process: subprocess.Popen[bytes], folder: Path, pattern: str) -> Path | None:
    """Wait until something new matching ``pattern`` appears in ``folder`` (a step of
    the run has started) and return it; None when the run ended first (too quick to
    be seen on a busy machine)."""
    earlier = set(folder.glob(pattern))
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        new = set(folder.glob(pattern)) - earlier
        if new:
            return new.pop()
        time.sleep(0.0005)
    if process.poll() is None:
        process.kill()
        process.wait(timeout=30)
        pytest.fail(f"{pattern} never appeared in {folder}")
    return None


def kill(process: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL ``process`` after ``delay`` seconds; True when it was still running."""
    time.sleep(delay)
    running = process.poll() is None
    if running:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return running


def timed_run(home: Path, folder: Path, pattern: str, *args: str) -> tuple[float, float, float]:
    """How long a complete run takes; how long from the start of a step in it (something
    matching ``pattern`` appearing in ``folder``) to the run's end; and how long that
    something existed."""
    for _attempt in range(3):
        started = time.monotonic()
        process = start(home, *args)
        step = wait_for_new(process, folder, pattern)
        begun = time.monotonic()
        gone = None
        while process.poll() is None:
            if gone is None and step is not None and not step.exists():
                gone = time.monotonic()
            time.sleep(0.0005)
        ended = time.monotonic()
        assert process.returncode == 0
        if step is not None:
            return ended - started, ended - begun, (gone or ended) - begun
    pytest.fail(f"{pattern} was never seen in {folder} during {args}")


def spread_delays(seed: int, duration: float, count: int) -> list[float]:
    """One random moment in each of ``count`` equal slices of ``duration``."""
    rng = random.Random(seed)
    return [duration * (slot + rng.random()) / count for slot in range(count)]


def make_salon(tmp_path: Path) -> tuple[Path, Path]:
    home = tmp_path / "home"
    location = tmp_path / "backups"
    salonkeep(home, "demo")
    return home, location


def listed_backups(home: Path, location: Path) -> list[str]:
    """The backup folders `salonkeep backups` lists; every one must verify."""
    output = salonkeep(home, "backups", "--to", str(location)).stdout
    assert "problem:" not in output, output
    rows = [LISTED_ROW.match(line) for line in output.splitlines()]
    listed = [(row.group(1), row.group(2)) for row in rows if row]
    assert all(status == "yes" for status, _ in listed), output
    return [name for _, name in listed]


def backup_folders(location: Path) -> list[Path]:
    """Every folder a listing may show: not hidden, in a salon's folder."""
    return sorted(
        folder
        for business in location.iterdir()
        if business.is_dir() and not business.name.startswith(".")
        for folder in business.iterdir()
        if not folder.name.startswith(".")
    )


def check_complete(folder: Path) -> None:
    """The backup's files are all there and match its SHA256SUMS (as sha256sum -c)."""
    assert sorted(item.name for item in folder.iterdir()) == sorted(FILES)
    for line in (folder / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, folder


def check_location(home: Path, location: Path) -> list[str]:
    """Only complete, verified backups are listed, and every complete one is."""
    listed = listed_backups(home, location)
    assert sorted(listed) == [folder.name for folder in backup_folders(location)]
    return listed


def test_it_never_lists_half_a_backup_when_a_backup_is_killed(tmp_path):
    home, location = make_salon(tmp_path)
    backup = ("backup", "--to", str(location))
    first = salonkeep(home, *backup)
    good = Path(first.stdout.strip().splitlines()[-1])
    good_files = {item.name: item.read_bytes() for item in good.iterdir()}
    salon_folder = good.parent
    # Publishing: writing into .incoming-*, verifying it there, renaming it into place.
    duration, _, publishing = timed_run(home, salon_folder, ".incoming-*", *backup)

    def check_nothing_half_published():
        folders = backup_folders(location)
        for folder in folders:
            check_complete(folder)
        assert good in folders
        assert {item.name: item.read_bytes() for item in good.iterdir()} == good_files

    killed_while_running = 0
    for delay in spread_delays(20261123, duration, KILLS):
        killed_while_running += kill(start(home, *backup), delay)
        check_nothing_half_published()
    # From the moment the database file starts being written into .incoming-*, the
    # first kill at once (mid-copy), the rest spread over writing, verifying, renaming.
    for delay in [0.0, *spread_delays(1140, 2 * publishing, FOCUSED_KILLS)]:
        process = start(home, *backup)
        wait_for_new(process, salon_folder, ".incoming-*/data.sqlite3")
        killed_while_running += kill(process, delay)
        check_nothing_half_published()
    assert killed_while_running >= (KILLS + FOCUSED_KILLS + 1) // 2

    assert good.name in check_location(home, location)
    salonkeep(home, "verify", str(good))

    after = salonkeep(home, *backup)
    newest = Path(after.stdout.strip().splitlines()[-1])
    listed = check_location(home, location)
    assert newest.name in listed
    assert good.name in listed


# The restore test's two states of the live salon: B is the backup's, A is B changed by
# change_live (idempotent, so it can be applied whichever state the kill left).


def open_live(home: Path) -> sqlite3.Connection:
    return sqlite3.connect(home / "salonkeep.sqlite3", timeout=30)


def change_live(home: Path, removed_ids: list[int]) -> None:
    marks = ",".join("?" * len(removed_ids))
    connection = open_live(home)
    try:
        with connection:
            connection.execute(
                f"DELETE FROM book_appointmentservice WHERE appointment_id IN ({marks})",
                removed_ids,
            )
            connection.execute(f"DELETE FROM book_appointment WHERE id IN ({marks})", removed_ids)
            connection.execute("UPDATE clients_client SET last_name = 'Moved-Away'")
            connection.execute(
                "INSERT INTO clients_client (first_name, last_name, phone, phone_key, email, "
                "birthday, marketing_consent, notes, allergies, created_at, updated_at, "
                "business_id) SELECT ?, last_name, phone, phone_key, email, birthday, "
                "marketing_consent, notes, allergies, created_at, updated_at, business_id "
                "FROM clients_client WHERE id = (SELECT MIN(id) FROM clients_client) "
                "AND NOT EXISTS (SELECT 1 FROM clients_client WHERE first_name = ?)",
                [EXTRA_FIRST_NAME, EXTRA_FIRST_NAME],
            )
    finally:
        connection.close()


def live_state(home: Path, tables: list[str]) -> tuple[dict[str, int], str]:
    """Row counts per table of business data and a checksum of the clients' names and
    the appointments' ids, after checking the live database is sound."""
    connection = open_live(home)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        counts = {
            table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in tables
        }
        names = connection.execute(
            "SELECT first_name, last_name FROM clients_client ORDER BY first_name, last_name, id"
        ).fetchall()
        ids = connection.execute("SELECT id FROM book_appointment ORDER BY id").fetchall()
    finally:
        connection.close()
    digest = hashlib.sha256(json.dumps([names, ids]).encode()).hexdigest()
    return counts, digest


def test_it_leaves_the_salon_entirely_before_or_after_when_a_restore_is_killed(tmp_path):
    home, location = make_salon(tmp_path)
    safety = tmp_path / "safety"
    first = salonkeep(home, "backup", "--to", str(location))
    backup = Path(first.stdout.strip().splitlines()[-1])
    tables = sorted(json.loads((backup / "manifest.json").read_text())["row_counts"])
    connection = open_live(home)
    removed_ids = [
        row[0]
        for row in connection.execute(
            "SELECT id FROM book_appointment ORDER BY id LIMIT ?", [REMOVED_APPOINTMENTS]
        )
    ]
    connection.close()
    assert len(removed_ids) == REMOVED_APPOINTMENTS

    change_live(home, removed_ids)
    before = live_state(home, tables)
    restore = ("restore", str(backup), "--yes", "--to", str(safety))
    # The transaction: locking, the safety backup (built in tmp/backup-*), replacing the
    # rows, committing.
    duration, transaction, _ = timed_run(home, home / "tmp", "backup-*", *restore)
    restored = live_state(home, tables)
    assert restored != before
    assert restored[0]["book_appointment"] == before[0]["book_appointment"] + REMOVED_APPOINTMENTS

    def check_before_or_restored(delay):
        state = live_state(home, tables)
        assert state in (before, restored), f"a restore killed after {delay:.3f}s left a mix"

    killed_while_running = 0
    for delay in spread_delays(1123, duration, KILLS):
        change_live(home, removed_ids)
        assert live_state(home, tables) == before
        killed_while_running += kill(start(home, *restore), delay)
        check_before_or_restored(delay)
    for delay in spread_delays(2026, transaction, FOCUSED_KILLS):
        change_live(home, removed_ids)
        process = start(home, *restore)
        wait_for_new(process, home / "tmp", "backup-*")
        killed_while_running += kill(process, delay)
        check_before_or_restored(delay)
    assert killed_while_running >= (KILLS + FOCUSED_KILLS) // 2

    change_live(home, removed_ids)
    salonkeep(home, *restore)
    assert live_state(home, tables) == restored
    check_location(home, safety)
