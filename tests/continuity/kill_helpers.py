"""The live salon database of a kill test, on whichever engine the suite runs on.

On SQLite the child processes keep it in their data folder. On PostgreSQL (DATABASE_URL
set, e.g. by scripts/with-postgres) each test gets a database of its own on that server,
so the children can migrate, fill and restore it without touching the test database.
"""

from __future__ import annotations

import os
import secrets
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

Query = Callable[..., list[tuple[Any, ...]]]


@dataclass
class LiveDatabase:
    home: Path
    url: str | None = None  # this test's PostgreSQL database; None: SQLite in ``home``

    @property
    def is_postgresql(self) -> bool:
        return self.url is not None

    def child_env(self) -> dict[str, str]:
        """The environment of a `salonkeep` child: this test's data folder and database,
        nothing of the suite's own configuration."""
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith("SALONKEEP_") and key != "DATABASE_URL"
        }
        env["SALONKEEP_HOME"] = str(self.home)
        if self.url is not None:
            env["DATABASE_URL"] = self.url
        return env

    @contextmanager
    def transaction(self) -> Iterator[Query]:
        """``query(sql, params=())`` -> rows, all in one transaction that commits when the
        block ends. SQL is written with ``?`` placeholders, whichever the engine."""
        if self.url is None:
            connection = sqlite3.connect(self.home / "salonkeep.sqlite3", timeout=30)
            try:
                with connection:
                    yield lambda sql, params=(): connection.execute(sql, params).fetchall()
            finally:
                connection.close()
            return
        import psycopg

        with psycopg.connect(self.url) as connection, connection.cursor() as cursor:

            def query(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
                cursor.execute(sql.replace("?", "%s"), params)
                return cursor.fetchall() if cursor.description else []

            yield query


@contextmanager
def live_database(home: Path) -> Iterator[LiveDatabase]:
    """SQLite in ``home`` without DATABASE_URL; else a new database on its server, dropped
    afterwards (also when the test fails) with whatever killed children left connected."""
    suite_url = os.environ.get("DATABASE_URL")
    if not suite_url:
        yield LiveDatabase(home)
        return
    import psycopg
    from psycopg import sql

    name = f"killtest_{secrets.token_hex(6)}"
    url = urlsplit(suite_url)._replace(path=f"/{name}").geturl()

    def run(statement: sql.Composable) -> None:
        with psycopg.connect(suite_url, dbname="postgres", autocommit=True) as server:
            server.execute(statement)

    run(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield LiveDatabase(home, url)
    finally:
        run(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
