"""One business's data, as of one instant, copied into a new plain SQLite file.

The file has exactly the schema this code's migrations build, whatever engine the live
system uses, and can be opened with any SQLite tool, restored into either engine, or
served by the standby. One way per engine:

- SQLite: the live file is copied whole with SQLite's online backup API and then cut
  down to the one business (sqlite_copy.py). The live file was built by the same
  migrations (pending ones are refused), so the schema is the same.
- PostgreSQL: a new file is created by running the migrations into it, and every row of
  the business is copied into it (transfer.py).

Consistency: everything is read inside ONE read transaction on a connection of its
own. On PostgreSQL it is REPEATABLE READ, READ ONLY: one snapshot of the database for
the whole copy. On SQLite (always in WAL mode here) it is a plain deferred BEGIN: the
first read fixes the snapshot, the online backup then copies within that same
transaction, and in WAL mode readers and writers do not block each other. The live
connections' IMMEDIATE transactions would take the write lock instead and stop the
salon's bookings for as long as the backup runs, which is why the backup never reads
through them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from salonkeep.accounts.models import Business
from salonkeep.continuity.aliases import live_settings, sqlite_file_settings, temporary_database
from salonkeep.continuity.manifest import BusinessInfo
from salonkeep.continuity.sqlite_copy import compact, copy_live_database, narrow_to_business
from salonkeep.continuity.tables import BusinessTable, business_tables
from salonkeep.continuity.transfer import copy_rows, latest_migrations

Progress = Callable[[str], None]


class SnapshotError(Exception):
    """The snapshot cannot be taken; the message says why and what to do."""


@dataclass(frozen=True)
class Snapshot:
    business: BusinessInfo
    taken_at: datetime  # the instant the data is from
    row_counts: dict[str, int]
    migrations: dict[str, list[str]]
    detached_references: dict[str, int]


def _reader_settings() -> dict[str, Any]:
    reader = live_settings()
    if reader["ENGINE"].endswith("sqlite3"):
        # Deferred BEGIN (no transaction_mode), and a connection that cannot write.
        reader["OPTIONS"] = {
            "timeout": reader["OPTIONS"].get("timeout", 20),
            "init_command": "PRAGMA query_only=ON;",
        }
    return reader


@contextmanager
def consistent_read(alias: str) -> Iterator[None]:
    """One read transaction on ``alias``: everything read inside sees one instant."""
    connection = connections[alias]
    connection.ensure_connection()  # session set-up must not become part of the transaction
    with transaction.atomic(using=alias):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _refuse_unmigrated(alias: str) -> None:
    executor = MigrationExecutor(connections[alias])
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending[:5])
        raise SnapshotError(
            f"The database has migrations not yet applied ({names}); "
            "run `salonkeep migrate` first, then back up."
        )


def _detach_outside_references(target: str, tables: list[BusinessTable]) -> dict[str, int]:
    """Clear foreign keys that point outside the business (say, to a login that belongs
    to no salon), so the backup is self-contained. A required one is an error."""
    connection = connections[target]
    quote = connection.ops.quote_name
    nullable = {
        (table.name, field.column): field.null
        for table in tables
        for field in table.model._meta.local_concrete_fields
    }
    detached: Counter[str] = Counter()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_key_check")
        violations = cursor.fetchall()
        for table, rowid, parent, key_id in violations:
            cursor.execute(f"PRAGMA foreign_key_list({quote(table)})")
            column = next(row[3] for row in cursor.fetchall() if row[0] == key_id)
            if not nullable.get((table, column), False):
                raise SnapshotError(
                    f"{table} row {rowid}: {column} points to a {parent} record outside "
                    "this salon, and cannot be left empty."
                )
            cursor.execute(
                f"UPDATE {quote(table)} SET {quote(column)} = NULL WHERE rowid = %s", [rowid]
            )
            detached[f"{table}.{column}"] += 1
    return dict(sorted(detached.items()))


def write_snapshot(business_id: int, path: Path, progress: Progress | None = None) -> Snapshot:
    """Create ``path`` (a new SQLite file) holding every business-data row of one business."""
    say = progress or (lambda message: None)
    tables = business_tables()
    with temporary_database("backup_source", _reader_settings()) as source:
        if connections[source].vendor == "sqlite":
            return _copied_snapshot(source, tables, business_id, path, say)
        return _rebuilt_snapshot(source, tables, business_id, path, say)


def _lookup(source: str, business_id: int) -> Business:
    business = Business._base_manager.using(source).filter(pk=business_id).first()
    if business is None:
        raise SnapshotError(f"There is no salon with id {business_id}.")
    return business


def _copied_snapshot(
    source: str, tables: list[BusinessTable], business_id: int, path: Path, say: Progress
) -> Snapshot:
    """SQLite: the whole live file copied at one instant, then narrowed (sqlite_copy.py)."""
    with consistent_read(source):
        business = _lookup(source, business_id)  # the first read: it fixes the instant
        taken_at = timezone.now()
        say(f"Copying the database of {business.name}")
        copy_live_database(source, path)
    with temporary_database("backup_target", sqlite_file_settings(path)) as target:
        _refuse_unmigrated(target)
        say("Removing what is not this salon's")
        narrow_to_business(target, tables, business_id)
        quote = connections[target].ops.quote_name
        with transaction.atomic(using=target), connections[target].cursor() as cursor:
            counts: dict[str, int] = {}
            for table in tables:
                cursor.execute(f"SELECT COUNT(*) FROM {quote(table.name)}")
                counts[table.name] = cursor.fetchone()[0]
            detached = _detach_outside_references(target, tables)
        compact(target)
        migrations = latest_migrations(target)
    return _snapshot(business, taken_at, counts, migrations, detached)


def _snapshot(
    business: Business,
    taken_at: datetime,
    counts: dict[str, int],
    migrations: dict[str, list[str]],
    detached: dict[str, int],
) -> Snapshot:
    return Snapshot(
        business=BusinessInfo(business.pk, business.slug, business.name, business.time_zone),
        taken_at=taken_at,
        row_counts=counts,
        migrations=migrations,
        detached_references=detached,
    )


def _rebuilt_snapshot(
    source: str, tables: list[BusinessTable], business_id: int, path: Path, say: Progress
) -> Snapshot:
    """PostgreSQL: a freshly migrated file, filled row by row from one snapshot."""
    with temporary_database("backup_target", sqlite_file_settings(path)) as target:
        say("Preparing the backup database")
        call_command("migrate", database=target, verbosity=0, interactive=False)
        counts: dict[str, int] = {}
        with consistent_read(source):
            _refuse_unmigrated(source)
            business = _lookup(source, business_id)
            taken_at = timezone.now()
            say(f"Copying {len(tables)} tables of {business.name}")
            with transaction.atomic(using=target):
                for table in tables:
                    counts[table.name] = copy_rows(table.rows_of(business_id, source), target)
                    if counts[table.name] >= 10_000:
                        say(f"  {table.name}: {counts[table.name]:,} rows")
                detached = _detach_outside_references(target, tables)
        migrations = latest_migrations(target)
    return _snapshot(business, taken_at, counts, migrations, detached)
