"""Copying rows between two databases exactly as they are.

Between two engines, rows are read through the ORM (so every engine's values come back
as the same Python values); between two SQLite databases they are read as stored, with
no conversion. Either way they are written with plain INSERTs that carry every
column, the primary key included. Not ``save()``: that would log each row in the
activity log and let ``auto_now`` fields and model ``save()`` rules change what was
stored. Not ``bulk_create()`` either: it also stamps ``auto_now`` fields with the
current time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.db import connections, models
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

CHUNK_ROWS = 5000


def _chunks(rows: Iterable[tuple[Any, ...]], size: int) -> Iterator[list[tuple[Any, ...]]]:
    chunk: list[tuple[Any, ...]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def table_name(model: type[models.Model]) -> str:
    name = model._meta.db_table
    assert name, f"{model} has no table"
    return name


def column_name(field: models.Field[Any, Any]) -> str:
    assert field.column, f"{field} has no column"
    return field.column


# Field classes whose get_db_prep_save returns a value the ORM read back unchanged (an
# int, a str, a bool or None) on every engine. Exact classes only: a subclass may
# convert in its own way, and takes the general path.
_UNCHANGED: tuple[type[models.Field[Any, Any]], ...] = (
    models.AutoField,
    models.BigAutoField,
    models.SmallAutoField,
    models.IntegerField,
    models.BigIntegerField,
    models.SmallIntegerField,
    models.PositiveIntegerField,
    models.PositiveBigIntegerField,
    models.PositiveSmallIntegerField,
    models.CharField,
    models.TextField,
    models.EmailField,
    models.SlugField,
    models.BooleanField,
)
Converter = Callable[[Any], Any] | None


def _converter(field: models.Field[Any, Any], connection: BaseDatabaseWrapper) -> Converter:
    """How to turn a value read through the ORM into the value to insert; None when it
    goes in as it is. Converting every value of every row the general way was most of
    the time a large backup took, although most columns need no conversion at all."""
    target: models.Field[Any, Any] = field
    while isinstance(target, models.ForeignKey):
        target = target.target_field
    if type(target) in _UNCHANGED:
        return None
    return lambda value: field.get_db_prep_save(value, connection)


def _insert_sql(model: type[models.Model], connection: BaseDatabaseWrapper) -> str:
    quote = connection.ops.quote_name
    fields = model._meta.local_concrete_fields
    return "INSERT INTO {} ({}) VALUES ({})".format(
        quote(table_name(model)),
        ", ".join(quote(column_name(field)) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )


def _copy_stored_values(rows: models.QuerySet[models.Model], target: str) -> int:
    """SQLite to SQLite: every value exactly as stored, with no conversion at all.

    Each column is selected as ``+column``: unary plus returns its operand unchanged,
    and as an expression it has no declared type, so Django's converters (which turn
    datetime text into datetimes) do not run. Converting there and back cost most of
    a large restore's time."""
    model = rows.model
    source = connections[rows.db]
    quote = source.ops.quote_name
    pk = quote(column_name(model._meta.pk))
    kept, params = rows.values("pk").query.sql_with_params()
    columns = ", ".join(f"+{quote(column_name(f))}" for f in model._meta.local_concrete_fields)
    select = (
        f"SELECT {columns} FROM {quote(table_name(model))} WHERE {pk} IN ({kept}) ORDER BY {pk}"
    )
    insert = _insert_sql(model, connections[target])
    copied = 0
    with source.cursor() as reading, connections[target].cursor() as writing:
        reading.execute(select, params)
        while chunk := reading.fetchmany(CHUNK_ROWS):
            writing.executemany(insert, chunk)
            copied += len(chunk)
    return copied


def copy_rows(rows: models.QuerySet[models.Model], target: str) -> int:
    """Insert every row of ``rows`` (a queryset on the source database) into the same
    table of the ``target`` database. Returns how many rows were copied."""
    connection = connections[target]
    if connections[rows.db].vendor == "sqlite" and connection.vendor == "sqlite":
        return _copy_stored_values(rows, target)
    model = rows.model
    fields = list(model._meta.local_concrete_fields)
    sql = _insert_sql(model, connection)
    converting = [
        (index, convert)
        for index, field in enumerate(fields)
        if (convert := _converter(field, connection)) is not None
    ]
    values = rows.order_by("pk").values_list(*(field.attname for field in fields))
    copied = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(values.iterator(chunk_size=CHUNK_ROWS), CHUNK_ROWS):
            if converting:
                prepared: list[Any] = []
                for row in chunk:
                    values_of_row = list(row)
                    for index, convert in converting:
                        values_of_row[index] = convert(values_of_row[index])
                    prepared.append(values_of_row)
                cursor.executemany(sql, prepared)
            else:
                cursor.executemany(sql, chunk)
            copied += len(chunk)
    return copied


def latest_migrations(alias: str) -> dict[str, list[str]]:
    """Per app, the applied migrations that no other applied migration of that app
    builds on: the app's schema state, in the names `migrate` uses."""
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    applied = set(loader.applied_migrations)
    latest: dict[str, list[str]] = {}
    for app, name in sorted(applied):
        node = loader.graph.node_map.get((app, name))
        children = node.children if node is not None else set()
        if not any(child.key in applied and child.key[0] == app for child in children):
            latest.setdefault(app, []).append(name)
    return latest
