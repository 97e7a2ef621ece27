"""How long backups, verifying and restoring take on the large demo salon with its
client photos, and the disk they use, next to plainly copying the same bytes.

A benchmark script, not a test: it prints numbers and asserts nothing about them.

    .venv/bin/python bench/backup_speed.py [--home DIR] [--retained 3] [--photos-mb 2048]

Without --home it creates a fresh data folder and builds the large demo in it (a few
minutes on SQLite); with --home it reuses that folder, building the demo only if it is
missing, and adds client photos (distinct files of random bytes, 5 MB each, written
into the photo store with a ClientPhoto row each) until they add up to --photos-mb
(photos from an earlier run are kept and reused; --photos-mb 0 adds none). DATABASE_URL,
if set, points it at PostgreSQL instead (the two plain-copy baselines then do not apply
and are left out).

It measures, on the live data folder:
- a full backup (take_backup: snapshot, verify, publish) into a temporary location;
- as baselines, copying the same bytes (the live database file and every photo file,
  cp + fsync) and SQLite's online backup API (Python's sqlite3 Connection.backup, in one
  step) of the live database;
- a second backup with nothing changed since the first, and the bytes it added;
- the disk used by --retained backups against one (extrapolated to the default 25
  retained backups from the per-backup increment unless --retained is at least 25, and
  labelled so: the photos are stored once, so each further backup adds one database);
- verifying one backup (verify_backup, reading everything through);
- restoring one backup into an empty installation: a fresh data folder with its own
  SQLite database, in a separate process (the restore alone is timed, not the setup).

Everything it writes goes into a temporary folder inside the data folder, removed at
the end; the live database is only read.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_salon import ensure_large_demo, ensure_photos, set_up_django

DEFAULT_RETAINED = 25  # BackupSettings' default number of backups kept


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", help="Data folder to use (reused if it holds the demo).")
    parser.add_argument(
        "--photos-mb",
        type=int,
        default=2048,
        help="Client photos to have, in MB (default 2048; 0 for none; earlier ones reused).",
    )
    parser.add_argument(
        "--retained",
        type=int,
        default=3,
        help="How many backups to make for the disk-use measurement (default 3; at least 2).",
    )
    # Internal: the child process that restores into an empty installation.
    parser.add_argument("--restore-into-empty", metavar="BACKUP", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.retained < 2:
        parser.error("--retained must be at least 2")
    return args


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def time_plain_copy(files: list[Path], target: Path) -> float:
    """cp + fsync of the live files' bytes (not a consistent copy of a database in use:
    only how long moving that many bytes takes)."""
    target.mkdir()
    started = time.perf_counter()
    for number, source in enumerate(files):
        copy = target / f"{number}-{source.name}"
        shutil.copyfile(source, copy)
        fsync_file(copy)
    return time.perf_counter() - started


def time_online_backup(live: Path, target: Path) -> float:
    """SQLite's online backup API, all pages in one step, of the live database."""
    started = time.perf_counter()
    source = sqlite3.connect(f"file:{live}?mode=ro", uri=True)
    destination = sqlite3.connect(target)
    try:
        source.backup(destination, pages=-1)
    finally:
        destination.close()
        source.close()
    fsync_file(target)
    return time.perf_counter() - started


def restore_into_empty(backup: Path) -> int:
    """Child process: in a new data folder (SALONKEEP_HOME, set by the parent), create
    the empty installation, then time restoring ``backup`` into it."""
    set_up_django(Path(os.environ["SALONKEEP_HOME"]))
    from django.core.management import call_command

    from salonkeep.continuity.restore import restore_backup

    call_command("migrate", interactive=False, verbosity=0)
    started = time.perf_counter()
    outcome = restore_backup(backup)
    seconds = time.perf_counter() - started
    rows = sum(outcome.row_counts.values())
    print(json.dumps({"seconds": seconds, "rows": rows}))
    return 0


def time_restore_into_empty(backup: Path, scratch: Path) -> tuple[float, int]:
    home = scratch / "empty-installation"
    home.mkdir()
    environment = {**os.environ, "SALONKEEP_HOME": str(home)}
    environment.pop("DATABASE_URL", None)  # the empty installation is a fresh SQLite one
    finished = subprocess.run(
        [sys.executable, __file__, "--restore-into-empty", str(backup)],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if finished.returncode != 0:
        sys.exit(f"backup_speed: the restore into an empty installation failed:\n{finished.stderr}")
    result = json.loads(finished.stdout.strip().splitlines()[-1])
    return float(result["seconds"]), int(result["rows"])


def megabytes(size: int) -> str:
    return f"{size / 1024**2:,.1f} MB"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.restore_into_empty is not None:
        return restore_into_empty(Path(args.restore_into_empty))
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="salonkeep-bench-"))
    home = home.resolve()
    set_up_django(home)

    from django.conf import settings
    from django.db import connection

    from salonkeep.clients.models import ClientPhoto
    from salonkeep.clients.photo_store import photo_path
    from salonkeep.continuity.backup import take_backup
    from salonkeep.continuity.verify import verify_backup

    business = ensure_large_demo()
    photo_count, photo_bytes = ensure_photos(business, args.photos_mb)
    photo_files = [
        photo_path(sha256)
        for sha256 in set(
            ClientPhoto.objects.filter(business=business).values_list("sha256", flat=True)
        )
    ]
    scratch = Path(tempfile.mkdtemp(prefix="backup-speed-", dir=home))
    try:
        location = scratch / "backups"
        rows: list[tuple[str, str, str]] = []

        first = take_backup(business, location, keep=None)
        one_size = folder_size(location)  # the backup and the photos it stored
        total_rows = sum(first.manifest.row_counts.values())
        rows.append(("full backup (snapshot + verify + publish)", f"{first.seconds:.1f} s", ""))

        live = Path(str(settings.DATABASES["default"]["NAME"]))
        live_size = 0
        if connection.vendor == "sqlite":
            live_size = live.stat().st_size
            copied = time_plain_copy([live, *photo_files], scratch / "copy")
            shutil.rmtree(scratch / "copy")
            online = time_online_backup(live, scratch / "online.sqlite3")
            (scratch / "online.sqlite3").unlink()
            rows.append(
                ("  baseline: cp + fsync of the same bytes", f"{copied:.1f} s", "database + photos")
            )
            rows.append(
                ("  baseline: sqlite3 online backup, one step", f"{online:.1f} s", "database only")
            )

        second = take_backup(business, location, keep=None)
        added = folder_size(location) - one_size
        rows.append(
            (
                "second backup, nothing changed",
                f"{second.seconds:.1f} s",
                f"added {megabytes(added)}",
            )
        )

        for _ in range(args.retained - 2):
            take_backup(business, location, keep=None)
        retained_size = folder_size(location)
        rows.append(("disk: one backup", megabytes(one_size), "database + shared photos"))
        rows.append((f"disk: {args.retained} retained backups", megabytes(retained_size), ""))
        if args.retained < DEFAULT_RETAINED:
            increment = (retained_size - one_size) / (args.retained - 1)
            estimate = one_size + increment * (DEFAULT_RETAINED - 1)
            rows.append(
                (
                    f"disk: {DEFAULT_RETAINED} retained backups (the default)",
                    megabytes(int(estimate)),
                    f"EXTRAPOLATED: one + {DEFAULT_RETAINED - 1} x {megabytes(int(increment))}",
                )
            )

        started = time.perf_counter()
        verified = verify_backup(first.path)
        verify_seconds = time.perf_counter() - started
        if not verified.ok:
            sys.exit(f"backup_speed: the backup did not verify: {verified.problems}")
        rows.append(("verify one backup (checksums + database)", f"{verify_seconds:.1f} s", ""))

        restore_seconds, restored_rows = time_restore_into_empty(first.path, scratch)
        rows.append(
            (
                "restore into an empty installation (SQLite)",
                f"{restore_seconds:.1f} s",
                f"{restored_rows:,} rows",
            )
        )

        print()
        print(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
        if connection.vendor == "sqlite":
            print(f"Live database file: {megabytes(live_size)}")
        print(f"Data folder: {home}  (reuse it with --home)")
        print(f"Salon: {business.name}, {total_rows:,} rows of business data in a backup.")
        print(f"Client photos: {photo_count:,} files, {megabytes(photo_bytes)}.")
        width = max(len(label) for label, _, _ in rows)
        for label, value, note in rows:
            print(f"{label:{width}}  {value:>10}  {note}".rstrip())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
