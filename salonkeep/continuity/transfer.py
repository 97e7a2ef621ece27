"""Copying rows between two databases exactly as they are.

Rows are read through the ORM (so every engine's values come back as the same Python
values) and written with plain INSERTs that carry every column, the primary key
included. Not ``save()``: that would log each row in the activity log and let
``auto_now`` fields and model ``save()`` rules change what was stored. Not
``bulk_create()`` either: it also stamps ``auto_now`` fields with the current time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db import connections, models
from django.db.migrations.loader import MigrationLoader

CHUNK_ROWS = 2000


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


def copy_rows(rows: models.QuerySet[models.Model], target: str) -> int:
    """Insert every row of ``rows`` (a queryset on the source database) into the same
    table of the ``target`` database. Returns how many rows were copied."""
    model = rows.model
    fields = list(model._meta.local_concrete_fields)
    connection = connections[target]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(table_name(model)),
        ", ".join(quote(column_name(field)) for field in fields),
        ", ".join(["%s"] * len(fields)),
    )
    values = rows.order_by("pk").values_list(*(field.attname for field in fields))
    copied = 0
    with connection.cursor() as cursor:
        for chunk in _chunks(values.iterator(chunk_size=CHUNK_ROWS), CHUNK_ROWS):
            cursor.executemany(
                sql,
                [
                    [
                        field.get_db_prep_save(value, connection)
                        for field, value in zip(fields, row, strict=True)
                    ]
                    for row in chunk
                ],
            )
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
