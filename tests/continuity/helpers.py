"""Shared by the continuity tests: reading a backup back, and forging manifests."""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
from pathlib import Path

from salonkeep.continuity.aliases import sqlite_file_settings, temporary_database
from salonkeep.continuity.manifest import (
    DATA_FILE,
    MANIFEST_FILE,
    SUMS_FILE,
    sha256_of,
    sums_text,
)
from salonkeep.continuity.tables import business_tables


@contextlib.contextmanager
def opened_backup(folder: Path):
    """A database alias on a private copy of a backup's data file."""
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / DATA_FILE
        shutil.copyfile(folder / DATA_FILE, copy)
        with temporary_database("test_backup", sqlite_file_settings(copy, read_only=True)) as alias:
            yield alias


def table_rows(table, alias, business_id):
    fields = [field.attname for field in table.model._meta.local_concrete_fields]
    return list(table.rows_of(business_id, alias).order_by("pk").values_list(*fields))


def all_rows(alias, business_id):
    """Every business-data row of one business, table by table, as Python values."""
    return {table.name: table_rows(table, alias, business_id) for table in business_tables()}


def rewrite_manifest(folder: Path, change) -> None:
    """Edit a backup's manifest with ``change(document)`` and re-sign it, as a backup
    written that way would have been."""
    path = folder / MANIFEST_FILE
    document = json.loads(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(json.dumps(document, indent=2), encoding="utf-8")
    sums = {DATA_FILE: sha256_of(folder / DATA_FILE), MANIFEST_FILE: sha256_of(path)}
    (folder / SUMS_FILE).write_text(sums_text(sums), encoding="utf-8")
