"""How fast the day book and the client search answer on the large demo salon.

A benchmark script, not a test: it prints numbers and asserts nothing about them.

    .venv/bin/python bench/book_speed.py [--home DIR] [--requests 100]

Without --home it creates a fresh data folder and builds the large demo in it (a couple
of minutes on SQLite); with --home it reuses that folder, building the demo only if it
is missing. DATABASE_URL, if set, points it at PostgreSQL instead.

For each page it measures the server time of N requests through Django's test client,
signed in as the large demo's owner, and next to it, in the same run, the bare SQL that
page needs executed N times through the raw database cursor: the gap between the two is
what Django, the page's own logic and the template cost.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from large_salon import ensure_large_demo, set_up_django

PAGES = {"day view": "book:day", "client search": "clients:search"}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", help="Data folder to use (reused if it holds the demo).")
    parser.add_argument(
        "--requests", type=int, default=100, help="Requests per measurement (default 100)."
    )
    args = parser.parse_args(argv)
    if args.requests < 2:
        parser.error("--requests must be at least 2")
    return args


def resolve_pages() -> dict[str, str]:
    """The URL of each measured page, or exit with a message saying which is missing."""
    from django.urls import NoReverseMatch, reverse

    urls = {}
    for label, name in PAGES.items():
        try:
            urls[label] = reverse(name)
        except NoReverseMatch:
            sys.exit(
                f"book_speed: the URL name {name!r} ({label}) does not resolve yet; "
                "the benchmark needs that page."
            )
        except Exception as error:  # the URL configuration itself does not import
            sys.exit(f"book_speed: the URL configuration cannot be loaded: {error!r}")
    return urls


def busiest_day(business: Any) -> tuple[Any, date, int]:
    """The location and local day with the most appointments that hold time."""
    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from salonkeep.accounts.models import Location
    from salonkeep.book.models import Appointment, Status

    top = (
        Appointment.objects.filter(business=business)
        .exclude(status=Status.CANCELLED)
        .annotate(day=TruncDate("starts_at", tzinfo=business.tz))
        .values("location_id", "day")
        .annotate(count=Count("id"))
        .order_by("-count", "day")
        .first()
    )
    if top is None:
        sys.exit("book_speed: the large demo has no appointments.")
    return Location.objects.get(pk=top["location_id"]), top["day"], top["count"]


def search_prefixes(business: Any, count: int) -> list[str]:
    """Varied queries as people type them: a surname start, a first-name start, and
    "first last" with the surname half typed, from clients spread through the list."""
    from salonkeep.clients.models import Client

    names = list(
        Client.objects.filter(business=business)
        .order_by("id")
        .values_list("first_name", "last_name")[:: max(1, 50_000 // count)][:count]
    )
    shapes: list[Callable[[str, str], str]] = [
        lambda first, last: last[:3],
        lambda first, last: first[:2].lower(),
        lambda first, last: f"{first} {last[:2]}",
        lambda first, last: last[:5].lower(),
    ]
    return [shapes[i % len(shapes)](first, last) for i, (first, last) in enumerate(names)]


def day_query(business: Any, location: Any, day: date) -> tuple[str, tuple[Any, ...]]:
    """The SQL the day view needs: that day's service lines at the location with their
    appointments, clients and team members."""
    from salonkeep.book.models import AppointmentService
    from salonkeep.lib.dates import local_day_bounds

    start, end = local_day_bounds(day, business.tz)
    lines = (
        AppointmentService.objects.filter(
            business=business,
            appointment__location=location,
            appointment__starts_at__gte=start,
            appointment__starts_at__lt=end,
        )
        .select_related("appointment__client", "team_member")
        .order_by("starts_at", "position", "pk")
    )
    sql, params = lines.query.sql_with_params()
    return sql, tuple(params)


def search_query(business: Any, prefix: str, limit: int) -> tuple[str, tuple[Any, ...]]:
    """The SQL of a client prefix search: first or last name starting with the query."""
    from django.db.models import Q

    from salonkeep.clients.models import Client

    condition = Q(first_name__istartswith=prefix) | Q(last_name__istartswith=prefix)
    if " " in prefix:
        first, _, last = prefix.partition(" ")
        condition |= Q(first_name__istartswith=first, last_name__istartswith=last)
    clients = (
        Client.objects.filter(business=business)
        .filter(condition)
        .order_by("last_name", "first_name", "id")[:limit]
    )
    sql, params = clients.query.sql_with_params()
    return sql, tuple(params)


def time_requests(http: Any, url: str, params: list[dict[str, str]]) -> list[float]:
    samples = []
    for query in params:
        started = time.perf_counter()
        response = http.get(url, query)
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            sys.exit(f"book_speed: GET {url} {query} answered {response.status_code}.")
    return samples


def time_sql(queries: list[tuple[str, tuple[Any, ...]]]) -> tuple[list[float], int]:
    from django.db import connection

    samples = []
    rows = 0
    with connection.cursor() as cursor:
        for sql, params in queries:
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows += len(cursor.fetchall())
            samples.append(time.perf_counter() - started)
    return samples, rows


def summary(samples: list[float]) -> tuple[float, float]:
    """Median and 95th percentile, in milliseconds."""
    median = statistics.median(samples) * 1000
    p95 = statistics.quantiles(samples, n=100, method="inclusive")[94] * 1000
    return median, p95


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="salonkeep-bench-"))
    set_up_django(home.resolve())
    urls = resolve_pages()

    from django.conf import settings
    from django.db import connection
    from django.test import Client as HttpClient

    from salonkeep.book.models import Appointment
    from salonkeep.clients.models import Client
    from salonkeep.demo import large

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    business = ensure_large_demo()
    owner = business.users.get(username=large.LOGINS[0].username)
    location, day, count = busiest_day(business)
    http = HttpClient()
    http.force_login(owner)
    n = args.requests

    day_params = [{"date": day.isoformat(), "location": str(location.pk)}] * n
    prefixes = search_prefixes(business, n)
    while len(prefixes) < n:
        prefixes += prefixes
    prefixes = prefixes[:n]
    search_params = [{"q": prefix} for prefix in prefixes]
    # One unmeasured round of each, so caches and connections are warm for both sides.
    time_requests(http, urls["day view"], day_params[:3])
    time_requests(http, urls["client search"], search_params[:3])

    day_sql = [day_query(business, location, day)] * n
    search_sql = [search_query(business, prefix, 20) for prefix in prefixes]
    results = [
        (
            f"day view ({location.name}, {day}, {count} appointments)",
            time_requests(http, urls["day view"], day_params),
        ),
        ("  bare SQL: lines + appointments + clients + team", time_sql(day_sql)[0]),
        (
            f"client search ({n} prefixes, e.g. {prefixes[0]!r}, {prefixes[-1]!r})",
            time_requests(http, urls["client search"], search_params),
        ),
        ("  bare SQL: client prefix query, 20 rows", time_sql(search_sql)[0]),
    ]

    print()
    print(f"Database: {connection.vendor} ({settings.DATABASES['default']['NAME']})")
    print(f"Data folder: {home}  (reuse it with --home)")
    appointments = Appointment.objects.filter(business=business).count()
    clients = Client.objects.filter(business=business).count()
    print(f"Salon: {business.name}, {appointments:,} appointments, {clients:,} clients.")
    print(f"Signed in as {owner.username}; {n} requests each.")
    width = max(len(label) for label, _ in results)
    print(f"{'':{width}}  {'median':>9}  {'p95':>9}")
    for label, samples in results:
        median, p95 = summary(samples)
        print(f"{label:{width}}  {median:7.2f} ms  {p95:7.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
