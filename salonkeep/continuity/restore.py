"""Putting one business's data back from a backup, into either engine.

Everything is checked before anything is touched: the backup verifies (format,
checksums, integrity, row counts, business), its schema is not newer than this code
(an older one is migrated forward on a private copy first), the salon it replaces is the
same salon, and none of its records or unique values (ids, usernames, the slug) are
already used by another salon here. Then, in ONE transaction on the live database that
keeps every other writer out: a safety backup of what is being replaced, the business's
rows deleted, the backup's rows inserted, PostgreSQL's id sequences moved past the
restored ids. Any failure undoes all of it. Restoring into an empty installation creates
the salon; restoring a SQLite backup into PostgreSQL is how an installation moves.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from salonkeep.accounts.models import Business
from salonkeep.continuity.aliases import sqlite_file_settings, temporary_database
from salonkeep.continuity.backup import BackupError, make_work_folder, take_backup
from salonkeep.continuity.bucket import BucketLocation, Location
from salonkeep.continuity.encryption import WRONG_PASSPHRASE, PassphraseError, decrypt_file
from salonkeep.continuity.manifest import DATA_FILE, Manifest
from salonkeep.continuity.photo_encryption import restore_encrypted_photos
from salonkeep.continuity.photos import PhotoError, photos_folder_of, restore_photos
from salonkeep.continuity.snapshot import Progress
from salonkeep.continuity.tables import (
    BusinessTable,
    UnclassifiedTables,
    business_tables,
    installed_models,
)
from salonkeep.continuity.transfer import copy_rows, table_name
from salonkeep.continuity.verify import verify_backup

LIVE = DEFAULT_DB_ALIAS
CLASH_CHUNK = 500


class RestoreError(Exception):
    """Nothing was restored and nothing changed; the message says why."""


class WrongPassphrase(RestoreError):
    """The passphrase given does not open this encrypted backup; nothing changed."""


@dataclass
class RestoreOutcome:
    business: Business
    row_counts: dict[str, int]
    safety_backup: Path | BucketLocation | None
    migrated: list[str] = field(default_factory=list)  # applied to the backup's copy


def _refuse_newer_schema(alias: str) -> None:
    loader = MigrationLoader(connections[alias], ignore_no_migrations=True)
    unknown = sorted(set(loader.applied_migrations) - set(loader.graph.nodes))
    if unknown:
        names = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise RestoreError(
            "This backup was made by a newer Salonkeep: its database has changes this "
            f"version does not know ({names}). Upgrade Salonkeep, then restore."
        )


def _migrate_forward(alias: str) -> list[str]:
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        try:
            call_command("migrate", database=alias, verbosity=0, interactive=False)
        except Exception as error:
            raise RestoreError(
                f"The backup could not be brought up to this version's database layout: {error}"
            ) from error
    return [f"{migration.app_label}.{migration.name}" for migration, _ in plan]


def _business_to_replace(manifest: Manifest, slug: str | None) -> Business | None:
    """The live salon this backup replaces (same id), or None for a new one. ``slug``
    (from --business) guards against restoring one salon's backup over another's."""
    info = manifest.business
    if slug is not None:
        named = Business.objects.filter(slug=slug).first()
        if named is None and slug != info.slug:
            raise RestoreError(f"This backup is of {info.name} ({info.slug}), not {slug}.")
        if named is not None and named.pk != info.id:
            raise RestoreError(
                f"This backup is of {info.name} ({info.slug}, id {info.id}); {slug} here is "
                f"a different salon (id {named.pk}). One salon's backup is never restored "
                "over another's."
            )
    return Business.objects.filter(pk=info.id).first()


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(values), CLASH_CHUNK):
        yield values[start : start + CLASH_CHUNK]


def _refuse_clashes(tables: list[BusinessTable], source: str, business_id: int) -> None:
    """No id or unique value in the backup may belong to another salon here."""
    for table in tables:
        model = table.model
        for unique in (f for f in model._meta.local_concrete_fields if f.unique):
            values = list(
                table.rows_of(business_id, source)
                .exclude(**{f"{unique.attname}__isnull": True})
                .values_list(unique.attname, flat=True)
            )
            for chunk in _chunks(values):
                clash = (
                    model._base_manager.using(LIVE)
                    .filter(**{f"{unique.attname}__in": chunk})
                    .exclude(**{table.scope: business_id})
                    .values_list(unique.attname, flat=True)
                    .first()
                )
                if clash is None:
                    continue
                if unique.primary_key:
                    raise RestoreError(
                        f"{table.name} record {clash} already belongs to another salon here. "
                        "A backup can be restored over the same salon, or into an "
                        "installation that does not hold that data (a new, empty one)."
                    )
                raise RestoreError(
                    f"{unique.verbose_name} {clash!r} ({table.name}) is already used by "
                    "another salon here; change it there first, or restore elsewhere."
                )


def _pointing_into(tables: list[BusinessTable], business_id: int) -> list[models.QuerySet[Any]]:
    """Rows of other tables that point at the business's rows (a login's permission
    groups, say): they go with the rows they point at."""
    by_model = {table.model: table for table in tables}
    found = []
    for model in installed_models():
        if model in by_model or model._meta.proxy:
            continue
        for key in model._meta.concrete_fields:
            related = key.related_model if key.is_relation else None
            target = by_model.get(related) if isinstance(related, type) else None
            if target is not None:
                found.append(
                    model._base_manager.using(LIVE).filter(
                        **{f"{key.attname}__in": target.rows_of(business_id, LIVE).values("pk")}
                    )
                )
    return found


def _lock_out_writers(tables: list[BusinessTable]) -> None:
    """Stop every other writer until this transaction ends, while readers (the safety
    backup among them) carry on. SQLite's IMMEDIATE transaction already holds the whole
    database's write lock; PostgreSQL needs the tables locked."""
    connection = connections[LIVE]
    names = [connection.ops.quote_name(table_name(t.model)) for t in tables]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {', '.join(names)} IN EXCLUSIVE MODE")
        elif connection.vendor == "sqlite":
            # A write that changes nothing takes the lock now, should the connection not
            # be configured to take it at BEGIN.
            cursor.execute(f"DELETE FROM {names[0]} WHERE 0")


def _replace_rows(tables: list[BusinessTable], source: str, business_id: int) -> dict[str, int]:
    for referring in _pointing_into(tables, business_id):
        referring._raw_delete(LIVE)
    for table in reversed(tables):
        table.rows_of(business_id, LIVE)._raw_delete(LIVE)
    counts = {table.name: copy_rows(table.rows_of(business_id, source), LIVE) for table in tables}
    connection = connections[LIVE]
    statements = connection.ops.sequence_reset_sql(no_style(), [t.model for t in tables])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return counts


def restore_backup(
    path: Path,
    *,
    business_slug: str | None = None,
    safety_location: Location | None = None,
    progress: Progress | None = None,
    passphrase: str | None = None,
) -> RestoreOutcome:
    """Restore the backup in folder ``path``; raises RestoreError with nothing changed.
    An encrypted backup needs its ``passphrase`` (held in memory only)."""
    say = progress or (lambda message: None)
    say(f"Verifying {path}")
    # full: every photo re-hashed too, before anything changes.
    verified = verify_backup(path, passphrase=passphrase, full=True)
    if WRONG_PASSPHRASE in verified.problems:
        raise WrongPassphrase("Wrong passphrase: this backup's passphrase is a different one.")
    if not verified.ok or verified.manifest is None:
        raise RestoreError("The backup did not verify: " + "; ".join(verified.problems))
    if verified.contents_unchecked:
        raise RestoreError(
            "This backup is encrypted: give its passphrase (--passphrase-file) to restore it."
        )
    manifest = verified.manifest
    business_id = manifest.business.id
    try:
        tables = business_tables()
        work = make_work_folder("restore-")
    except (UnclassifiedTables, BackupError) as error:
        raise RestoreError(str(error)) from error
    try:
        copy = work / DATA_FILE
        if manifest.encryption and passphrase is not None:
            decrypt_file(path / manifest.data_file, copy, passphrase)
        else:
            shutil.copyfile(path / DATA_FILE, copy)
        with temporary_database("restore_source", sqlite_file_settings(copy)) as source:
            _refuse_newer_schema(source)
            migrated = _migrate_forward(source)
            replaced = _business_to_replace(manifest, business_slug)
            _refuse_clashes(tables, source, business_id)
            if manifest.photos:
                # Before the rows that refer to them; extra photo files are harmless.
                say(f"Restoring {len(manifest.photos)} photo(s)")
                if manifest.encryption and passphrase is not None:
                    restore_encrypted_photos(path, manifest.photos, passphrase)
                else:
                    restore_photos(photos_folder_of(path), manifest.photos)
            say(f"Restoring {manifest.business.name}")
            try:
                with transaction.atomic(using=LIVE):
                    _lock_out_writers(tables)
                    safety = None
                    if replaced is not None:
                        say("Taking a safety backup of the data being replaced")
                        safety = take_backup(
                            replaced, safety_location, trigger="before_restore", keep=None
                        ).path
                    counts = _replace_rows(tables, source, business_id)
            except BackupError as error:
                raise RestoreError(
                    f"The safety backup failed, so nothing was restored: {error}"
                ) from error
            except DatabaseError as error:
                raise RestoreError(f"The restore was undone, nothing changed: {error}") from error
    except OSError as error:
        raise RestoreError(f"Cannot copy the backup to work on: {error.strerror}") from error
    except PhotoError as error:
        raise RestoreError(f"Nothing was restored: {error}") from error
    except PassphraseError as error:  # the file changed since it verified a moment ago
        raise RestoreError(f"The backup could not be decrypted: {error}") from error
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return RestoreOutcome(Business.objects.get(pk=business_id), counts, safety, migrated)
