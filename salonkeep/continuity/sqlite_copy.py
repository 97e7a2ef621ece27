"""The fast way to snapshot a live SQLite database: copy it whole, then cut it down.

Reading every row through the ORM and inserting it into a freshly migrated file took
most of a backup's time on a large salon (about 45 s for 200 MB). SQLite's online
backup API copies the same file in well under a second, page by page, consistent by
construction: it reads inside the reader's one transaction, which in WAL mode never
blocks the salon's writers. The copy is then narrowed to what a backup may hold:

- rows of every other business are deleted, table by table, using the same scopes as
  the ORM path (tables.py), so "whose row is this" is decided in one place;
- every table that is not business data is emptied; the two that ``migrate`` fills
  (content types, permissions) are rebuilt the way ``migrate`` builds them, so the
  backup has its own, never the live installation's;
- tables no installed model owns (left by something outside Salonkeep) are dropped,
  and ``sqlite_stat*`` and ``sqlite_sequence`` are reset, since both describe rows of
  other businesses (counts and highest ids);
- VACUUM then rewrites the file, so the bytes of deleted rows (other salons, login
  sessions) are not left behind in free pages.

The copy has the live database's schema, which ``migrate`` built; pending migrations
are refused by the caller, exactly as on the ORM path.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.management.sql import emit_post_migrate_signal
from django.db import connections, models, transaction

from salonkeep.continuity.tables import BusinessTable, installed_models

# Tables of SQLite or Django itself that are kept (and reset where they say something).
KEPT_TABLES = {"django_migrations", "sqlite_sequence"}


def copy_live_database(source_alias: str, target: Path) -> None:
    """Copy the database behind ``source_alias`` into the new file ``target`` in one
    step of the online backup API, inside the transaction the source has open.

    One step on purpose: a copy made in several steps restarts whenever another
    connection writes, and may never finish while the salon is busy."""
    source = connections[source_alias].connection
    if not isinstance(source, sqlite3.Connection):
        raise TypeError("copy_live_database needs an open SQLite connection")
    destination = sqlite3.connect(target)
    try:
        source.backup(destination, pages=-1)
    finally:
        destination.close()


def _column_of(model: type[models.Model], attname: str) -> str:
    field = next(f for f in model._meta.concrete_fields if f.attname == attname)
    assert field.column, f"{field} has no column"
    return field.column


def _delete_other_businesses(
    cursor: Any, alias: str, table: BusinessTable, business_id: int
) -> None:
    quote = connections[alias].ops.quote_name
    model = table.model
    pk = quote(_column_of(model, model._meta.pk.attname))
    if "__" not in table.scope:
        # IS NOT, not <>: a row with no business at all is not this business's either.
        scope = model._meta.pk.attname if table.scope == "id" else table.scope
        column = quote(_column_of(model, scope))
        cursor.execute(f"DELETE FROM {quote(table.name)} WHERE {column} IS NOT %s", [business_id])
        return
    kept = table.rows_of(business_id, alias).values("pk")
    sql, params = kept.query.sql_with_params()
    cursor.execute(f"DELETE FROM {quote(table.name)} WHERE {pk} NOT IN ({sql})", params)


def _model_tables() -> set[str]:
    return {name for model in installed_models() if (name := model._meta.db_table)}


def _empty_what_is_not_the_business(cursor: Any, alias: str, keep: set[str]) -> None:
    quote = connections[alias].ops.quote_name
    model_tables = _model_tables()
    cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    for (name,) in cursor.fetchall():
        if name in keep or name in KEPT_TABLES:
            continue
        if name.startswith("sqlite_stat"):
            cursor.execute(f"DELETE FROM {quote(name)}")
        elif name.startswith("sqlite_"):
            continue
        elif name in model_tables:
            cursor.execute(f"DELETE FROM {quote(name)}")
        else:
            cursor.execute(f"DROP TABLE {quote(name)}")


def _reset_id_counters(cursor: Any, alias: str) -> None:
    """sqlite_sequence as if only the kept rows had ever been inserted."""
    quote = connections[alias].ops.quote_name
    cursor.execute("SELECT name FROM sqlite_sequence")
    for (name,) in cursor.fetchall():
        cursor.execute(f"SELECT MAX(rowid) FROM {quote(name)}")
        highest = cursor.fetchone()[0]
        if highest is None:
            cursor.execute("DELETE FROM sqlite_sequence WHERE name = %s", [name])
        else:
            cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [highest, name])


def narrow_to_business(alias: str, tables: list[BusinessTable], business_id: int) -> None:
    """Delete from the copy behind ``alias`` everything that is not ``business_id``'s
    business data. Foreign keys are not enforced while deleting (rows pointing outside
    the business are found and cleared afterwards, as on the ORM path)."""
    connection = connections[alias]
    connection.disable_constraint_checking()
    try:
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            for table in reversed(tables):
                _delete_other_businesses(cursor, alias, table, business_id)
            _empty_what_is_not_the_business(cursor, alias, {table.name for table in tables})
            _reset_id_counters(cursor, alias)
    finally:
        connection.enable_constraint_checking()
    emit_post_migrate_signal(verbosity=0, interactive=False, db=alias)
    # The content type cache is kept per database alias; this alias is gone after the
    # backup, and a long-running server would otherwise keep one cache per backup.
    ContentType.objects.clear_cache()


def compact(alias: str) -> None:
    """Rewrite the file without free pages: deleted rows leave no bytes behind."""
    with connections[alias].cursor() as cursor:
        cursor.execute("VACUUM")
