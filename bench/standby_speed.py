"""What keeping the standby book fresh costs the live system, and how fast the standby
answers, on the large demo salon.

A benchmark script, not a test: it prints numbers and asserts nothing about them.

    .venv/bin/python bench/standby_speed.py [--home DIR] [--users 20] [--requests 20]

Without --home it creates a fresh data folder and builds the large demo in it (a few
minutes on SQLite); with --home it reuses that folder, building the demo only if it is
missing. DATABASE_URL, if set, points it at PostgreSQL instead.

It measures:
- publishing a standby snapshot after a change (wall time, CPU time of this process,
  size), and the check that finds nothing changed;
- from those, the CPU per hour at the default interval (5 minutes) in the worst case
  (a change in every interval) and on a quiet hour;
- the worst staleness: interval + publication + the standby's check interval;
- the standby's day view (the busiest day) under --users concurrent users, each making
  --requests requests, against a real `salonkeep standby` process: median and p95.

Everything it writes goes into a temporary folder inside the data folder, removed at
the end; the live database is only read (plus one client saved, to make a change).
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_salon import REPO, ensure_large_demo, set_up_django

sys.path.insert(0, str(REPO))

from tests.processes import free_port, start_standby

CHECK_SECONDS = 30


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", help="Data folder to use (reused if it holds the demo).")
    parser.add_argument("--users", type=int, default=20, help="Concurrent users (default 20).")
    parser.add_argument(
        "--requests", type=int, default=20, help="Day-view requests per user (default 20)."
    )
    return parser.parse_args(argv)


def timed(action: Any) -> tuple[Any, float, float]:
    """The result, wall seconds and CPU seconds (this process) of ``action()``."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def make_a_change(business: Any) -> None:
    from salonkeep.clients.models import Client

    client = Client.objects.filter(business=business).order_by("pk").first()
    assert client is not None
    client.notes = f"{client.notes[:100]} (bench {time.time():.0f})"
    client.save()  # logged in the activity log, so the next check publishes


def busiest_day(business: Any) -> date:
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from salonkeep.book.models import Appointment

    row = (
        Appointment.objects.filter(business=business)
        .annotate(day=TruncDate("starts_at", tzinfo=business.tz))
        .values("day")
        .annotate(count=Count("id"))
        .order_by("-count")
        .first()
    )
    return row["day"] if row else date.today()


def logged_in_opener(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/login/").read().decode()
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert match is not None
    form = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": match[1], "username": username, "password": password}
    ).encode()
    request = urllib.request.Request(f"{base}/login/", data=form, headers={"Referer": base})
    opener.open(request).read()
    return opener


def day_view_load(base: str, day: date, users: int, requests: int) -> list[float]:
    from salonkeep.demo.large import LOGINS
    from salonkeep.demo.logins import DEMO_PASSWORD

    openers = [logged_in_opener(base, LOGINS[0].username, DEMO_PASSWORD) for _ in range(users)]
    timings: list[float] = []
    lock = threading.Lock()
    start = threading.Barrier(users)

    def user(opener: urllib.request.OpenerDirector) -> None:
        start.wait()
        for _ in range(requests):
            began = time.perf_counter()
            body = opener.open(f"{base}/?date={day:%Y-%m-%d}").read()
            elapsed = time.perf_counter() - began
            assert b"standby-visit" in body, "the day view did not show the book"
            with lock:
                timings.append(elapsed)

    threads = [threading.Thread(target=user, args=(opener,)) for opener in openers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return timings


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="salonkeep-bench-"))
    set_up_django(home)
    business = ensure_large_demo()

    from django.utils import timezone

    from salonkeep.continuity.manifest import DATA_FILE
    from salonkeep.standby.publishing import publish_if_changed, standby_folder

    work = Path(tempfile.mkdtemp(prefix="standby-bench-", dir=home))
    location = work / "location"
    try:
        publish_if_changed(business, location, timezone.now())  # the first one
        make_a_change(business)
        result, wall, cpu = timed(lambda: publish_if_changed(business, location, timezone.now()))
        assert result == "published", result
        newest = sorted(standby_folder(location, business.slug).glob("2*"))[-1]
        size = (newest / DATA_FILE).stat().st_size
        checks = [
            timed(lambda: publish_if_changed(business, location, timezone.now())) for _ in range(20)
        ]
        check_wall = statistics.median(c[1] for c in checks)
        check_cpu = statistics.median(c[2] for c in checks)
        per_hour = 60 // 5
        print(f"Large demo salon: {business.name} ({business.slug})")
        print(f"Publish a standby snapshot after a change: {wall:.1f} s wall, {cpu:.1f} s CPU")
        print(f"Snapshot size: {size / 1e6:.1f} MB (data.sqlite3)")
        print(
            f"Check with nothing changed: {check_wall * 1000:.1f} ms wall, "
            f"{check_cpu * 1000:.1f} ms CPU (median of 20)"
        )
        print(
            f"CPU per hour at the default 5-minute interval: worst case (a change every "
            f"interval) {per_hour * cpu:.0f} s = {per_hour * cpu / 36:.1f} % of one core; "
            f"quiet hour {per_hour * check_cpu * 1000:.0f} ms"
        )
        print(
            f"Worst staleness while the live system runs: 5 min + {wall:.0f} s publication "
            f"+ {CHECK_SECONDS} s standby check + copy/verify = about "
            f"{(300 + wall + CHECK_SECONDS) / 60:.1f} min (typical: half the interval)"
        )
        # What the shortest interval (the loop step of `serve`/`worker`: 1 minute) buys.
        print(
            f"With standby_every_minutes = 1: worst staleness about "
            f"{(60 + wall + CHECK_SECONDS) / 60:.1f} min; CPU worst case "
            f"{60 * cpu:.0f} s per hour = {60 * cpu / 36:.1f} % of one core"
        )

        port = free_port()
        standby_home = work / "standby-home"
        began = time.perf_counter()
        process = start_standby(
            location, standby_home, port, wait_seconds=120, output=subprocess.DEVNULL
        )
        print(f"Standby start-up (copy + verify + serve): {time.perf_counter() - began:.1f} s")
        try:
            day = busiest_day(business)
            timings = day_view_load(f"http://127.0.0.1:{port}", day, args.users, args.requests)
            timings.sort()
            p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
            print(
                f"Standby day view ({day}, {args.users} concurrent users, {len(timings)} "
                f"requests): median {statistics.median(timings) * 1000:.0f} ms, "
                f"p95 {p95 * 1000:.0f} ms"
            )
        finally:
            process.terminate()
            process.wait(10)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
