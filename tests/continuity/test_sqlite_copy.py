"""On SQLite a snapshot is the live file copied whole and then cut down to one salon:
nothing of another salon, of this machine, or of tables no model owns may survive the
cutting, not even as leftover bytes in the file."""

from __future__ import annotations

import sqlite3

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection

from salonkeep.clients.models import Client
from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.manifest import DATA_FILE
from salonkeep.continuity.verify import verify_backup

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif("connection.vendor != 'sqlite'", reason="the copy path is SQLite's"),
]

MARKER = "Zebedee-Quibblethwaite"  # a name that appears nowhere but in the other salon


def tables_of(path):
    with sqlite3.connect(path) as database:
        return {
            name
            for (name,) in database.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }


def test_it_holds_one_salon_of_two_and_not_a_byte_of_the_other(salon, other, location):
    Client.objects.create(business=other.business, first_name=f"{MARKER} Client")
    other.business.name = f"{MARKER} Salon"
    other.business.save()
    path = take_backup(salon.business, location).path
    data = (path / DATA_FILE).read_bytes()
    assert MARKER.encode() not in data
    assert b"Alice Archer" in data  # this salon's client is there: the test can fail
    with sqlite3.connect(path / DATA_FILE) as database:
        businesses = database.execute("SELECT id FROM accounts_business").fetchall()
        users = {row[0] for row in database.execute("SELECT business_id FROM accounts_user")}
    assert businesses == [(salon.business.pk,)]
    assert users == {salon.business.pk}
    assert verify_backup(path).ok


def test_it_leaves_out_sessions_and_rebuilds_what_migrate_builds(salon, location):
    session = SessionStore()
    session["who"] = "someone"
    session.create()
    path = take_backup(salon.business, location).path
    assert session.session_key.encode() not in (path / DATA_FILE).read_bytes()
    with sqlite3.connect(path / DATA_FILE) as database:
        assert database.execute("SELECT COUNT(*) FROM django_session").fetchone() == (0,)
        content_types = database.execute("SELECT COUNT(*) FROM django_content_type").fetchone()
        permissions = database.execute("SELECT COUNT(*) FROM auth_permission").fetchone()
    assert content_types == (ContentType.objects.count(),)
    assert permissions == (Permission.objects.count(),)


def test_it_drops_tables_no_model_owns_and_statistics(salon, other, location):
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE plugin_notes (id INTEGER PRIMARY KEY, text TEXT)")
        cursor.execute("INSERT INTO plugin_notes (text) VALUES (%s)", [MARKER])
        cursor.execute("ANALYZE")
    try:
        path = take_backup(salon.business, location).path
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE plugin_notes")
    assert "plugin_notes" not in tables_of(path / DATA_FILE)
    with sqlite3.connect(path / DATA_FILE) as database:
        if "sqlite_stat1" in tables_of(path / DATA_FILE):
            assert database.execute("SELECT COUNT(*) FROM sqlite_stat1").fetchone() == (0,)
    assert MARKER.encode() not in (path / DATA_FILE).read_bytes()


def test_it_counts_ids_only_up_to_the_salons_own(salon, other, location):
    newest = Client.objects.create(business=other.business, first_name="Later")
    path = take_backup(salon.business, location).path
    with sqlite3.connect(path / DATA_FILE) as database:
        row = database.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'clients_client'"
        ).fetchone()
        highest = database.execute("SELECT MAX(id) FROM clients_client").fetchone()
    assert row == highest
    assert row[0] < newest.pk


def test_it_writes_one_plain_file_without_a_journal(salon, location):
    path = take_backup(salon.business, location).path
    assert sorted(p.name for p in path.iterdir()) == ["SHA256SUMS", DATA_FILE, "manifest.json"]
    with sqlite3.connect(path / DATA_FILE) as database:
        assert database.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert database.execute("PRAGMA freelist_count").fetchone() == (0,)
