"""SIGKILL at random moments during `salonkeep backup` and `salonkeep restore`.

A power cut or a killed process must never lose a backup, list half a backup, or leave
the live salon half restored. These tests run the real command in a child process,
kill it (SIGKILL: no cleanup code runs) after a seeded random delay spread over the
time a full run takes, and again at moments spread over the critical step (publishing a
backup; a restore's transaction), then check what is left.

The children need a live database of their own: on SQLite it is in their data folder;
on PostgreSQL each test creates one on the suite's server (see kill_helpers.py).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.continuity.kill_helpers import LiveDatabase, live_database

REPO = Path(__file__).resolve().parents[2]
KILLS = 6
FOCUSED_KILLS = 4
LISTED_ROW = re.compile(r"^\s+\d{4}-\d\d-\d\d \d\d:\d\d .*\s(yes|NO)\s+(\S+)$")
REMOVED_APPOINTMENTS = 15
EXTRA_FIRST_NAME = "Killtest"
FILES = ("data.sqlite3", "manifest.json", "SHA256SUMS")


@pytest.fixture
def live(tmp_path):
    """The salon the children work on, with a demo salon in it."""
    with live_database(tmp_path / "home") as database:
        salonkeep(database, "demo")
        yield database


def salonkeep(live: LiveDatabase, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "salonkeep", *args],
        cwd=REPO,
        env=live.child_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"salonkeep {args} failed:\n{result.stdout}{result.stderr}"
    return result


def start(live: LiveDatabase, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "salonkeep", *args],
        cwd=REPO,
        env=live.child_env(),
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


def wait_until_gone(process: subprocess.Popen[bytes], step: Path) -> None:
    """Wait until ``step`` (found by wait_for_new) is gone: that step of the run is over."""
    deadline = time.monotonic() + 60
    while process.poll() is None and step.exists():
        if time.monotonic() > deadline:
            process.kill()
            process.wait(timeout=30)
            pytest.fail(f"{step} was never removed")
        time.sleep(0.0005)


def kill(process: subprocess.Popen[bytes], delay: float) -> bool:
    """SIGKILL ``process`` after ``delay`` seconds; True when it was still running."""
    time.sleep(delay)
    running = process.poll() is None
    if running:
        process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    return running


def timed_run(
    live: LiveDatabase, folder: Path, pattern: str, *args: str
) -> tuple[float, float, float]:
    """How long a complete run takes; how long from the start of a step in it (something
    matching ``pattern`` appearing in ``folder``) to the run's end; and how long that
    something existed."""
    for _attempt in range(3):
        started = time.monotonic()
        process = start(live, *args)
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


def listed_backups(live: LiveDatabase, location: Path) -> list[str]:
    """The backup folders `salonkeep backups` lists; every one must verify."""
    output = salonkeep(live, "backups", "--to", str(location)).stdout
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


def check_location(live: LiveDatabase, location: Path) -> list[str]:
    """Only complete, verified backups are listed, and every complete one is."""
    listed = listed_backups(live, location)
    assert sorted(listed) == [folder.name for folder in backup_folders(location)]
    return listed


def test_it_never_lists_half_a_backup_when_a_backup_is_killed(live, tmp_path):
    location = tmp_path / "backups"
    backup = ("backup", "--to", str(location))
    first = salonkeep(live, *backup)
    good = Path(first.stdout.strip().splitlines()[-1])
    good_files = {item.name: item.read_bytes() for item in good.iterdir()}
    salon_folder = good.parent
    # Publishing: writing into .incoming-*, verifying it there, renaming it into place.
    duration, _, publishing = timed_run(live, salon_folder, ".incoming-*", *backup)

    def check_nothing_half_published():
        folders = backup_folders(location)
        for folder in folders:
            check_complete(folder)
        assert good in folders
        assert {item.name: item.read_bytes() for item in good.iterdir()} == good_files

    killed_while_running = 0
    for delay in spread_delays(20261123, duration, KILLS):
        killed_while_running += kill(start(live, *backup), delay)
        check_nothing_half_published()
    # From the moment the database file starts being written into .incoming-*, the
    # first kill at once (mid-copy), the rest spread over writing, verifying, renaming.
    for delay in [0.0, *spread_delays(1140, 2 * publishing, FOCUSED_KILLS)]:
        process = start(live, *backup)
        wait_for_new(process, salon_folder, ".incoming-*/data.sqlite3")
        killed_while_running += kill(process, delay)
        check_nothing_half_published()
    assert killed_while_running >= (KILLS + FOCUSED_KILLS + 1) // 2

    assert good.name in check_location(live, location)
    salonkeep(live, "verify", str(good))

    after = salonkeep(live, *backup)
    newest = Path(after.stdout.strip().splitlines()[-1])
    listed = check_location(live, location)
    assert newest.name in listed
    assert good.name in listed


# The restore test's two states of the live salon: B is the backup's, A is B changed by
# change_live (idempotent, so it can be applied whichever state the kill left).


def change_live(live: LiveDatabase, removed_ids: list[int]) -> None:
    marks = ",".join("?" * len(removed_ids))
    with live.transaction() as query:
        query(f"DELETE FROM book_appointmentservice WHERE appointment_id IN ({marks})", removed_ids)
        query(f"DELETE FROM book_appointment WHERE id IN ({marks})", removed_ids)
        query("UPDATE clients_client SET last_name = 'Moved-Away'")
        query(
            "INSERT INTO clients_client (first_name, last_name, phone, phone_key, email, "
            "birthday, marketing_consent, notes, allergies, created_at, updated_at, "
            "business_id) SELECT ?, last_name, phone, phone_key, email, birthday, "
            "marketing_consent, notes, allergies, created_at, updated_at, business_id "
            "FROM clients_client WHERE id = (SELECT MIN(id) FROM clients_client) "
            "AND NOT EXISTS (SELECT 1 FROM clients_client WHERE first_name = ?)",
            [EXTRA_FIRST_NAME, EXTRA_FIRST_NAME],
        )


def live_state(live: LiveDatabase, tables: list[str]) -> tuple[dict[str, int], str]:
    """Row counts per table of business data and a checksum of the clients' names and
    the appointments' ids, after checking the live database is sound."""
    with live.transaction() as query:
        if not live.is_postgresql:  # PostgreSQL checks its foreign keys at every commit
            assert query("PRAGMA integrity_check") == [("ok",)]
            assert query("PRAGMA foreign_key_check") == []
        counts = {table: query(f'SELECT COUNT(*) FROM "{table}"')[0][0] for table in tables}
        names = query(
            "SELECT first_name, last_name FROM clients_client ORDER BY first_name, last_name, id"
        )
        ids = query("SELECT id FROM book_appointment ORDER BY id")
    digest = hashlib.sha256(json.dumps([names, ids]).encode()).hexdigest()
    return counts, digest


def test_it_leaves_the_salon_entirely_before_or_after_when_a_restore_is_killed(live, tmp_path):
    location = tmp_path / "backups"
    safety = tmp_path / "safety"
    first = salonkeep(live, "backup", "--to", str(location))
    backup = Path(first.stdout.strip().splitlines()[-1])
    tables = sorted(json.loads((backup / "manifest.json").read_text())["row_counts"])
    with live.transaction() as query:
        rows = query("SELECT id FROM book_appointment ORDER BY id LIMIT ?", [REMOVED_APPOINTMENTS])
    removed_ids = [row[0] for row in rows]
    assert len(removed_ids) == REMOVED_APPOINTMENTS

    change_live(live, removed_ids)
    before = live_state(live, tables)
    restore = ("restore", str(backup), "--yes", "--to", str(safety))
    # The transaction: locking, the safety backup (built in tmp/backup-*), replacing the
    # rows, committing.
    duration, transaction, safety_backup = timed_run(live, live.home / "tmp", "backup-*", *restore)
    restored = live_state(live, tables)
    assert restored != before
    assert restored[0]["book_appointment"] == before[0]["book_appointment"] + REMOVED_APPOINTMENTS

    def check_before_or_restored(delay):
        state = live_state(live, tables)
        assert state in (before, restored), f"a restore killed after {delay:.3f}s left a mix"

    killed_while_running = 0
    for delay in spread_delays(1123, duration, KILLS):
        change_live(live, removed_ids)
        assert live_state(live, tables) == before
        killed_while_running += kill(start(live, *restore), delay)
        check_before_or_restored(delay)
    # The kills above land in the safety backup often enough; these are spread over the
    # short step after it, where the rows are replaced and committed: the first half of
    # the time left, as the process then spends the rest ending.
    replacing = (transaction - safety_backup) / 2
    for delay in spread_delays(2026, replacing, FOCUSED_KILLS):
        change_live(live, removed_ids)
        process = start(live, *restore)
        step = wait_for_new(process, live.home / "tmp", "backup-*")
        if step is not None:
            wait_until_gone(process, step)
        killed_while_running += kill(process, delay)
        check_before_or_restored(delay)
    assert killed_while_running >= (KILLS + FOCUSED_KILLS) // 2

    change_live(live, removed_ids)
    salonkeep(live, *restore)
    assert live_state(live, tables) == restored
    check_location(live, safety)
