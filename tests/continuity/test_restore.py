"""Restore: back up → wipe → restore gives back every row of every business table, on
whichever engine the tests run (a SQLite backup into PostgreSQL is the move between
engines); everything is checked before anything changes; failures change nothing."""

from __future__ import annotations

import sqlite3
from datetime import date
from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import DatabaseError, connection, transaction

from salonkeep.accounts.models import Business, User
from salonkeep.activity.models import ActivityEntry
from salonkeep.book.models import Appointment
from salonkeep.clients.models import Client, ColourNote, PatchTest
from salonkeep.continuity import restore as restore_module
from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.listing import list_backups
from salonkeep.continuity.management.commands import restore as restore_command
from salonkeep.continuity.manifest import DATA_FILE, MANIFEST_FILE, sha256_of
from salonkeep.continuity.restore import RestoreError, restore_backup
from salonkeep.continuity.tables import business_tables
from salonkeep.continuity.verify import verify_backup
from salonkeep.team.models import ScheduleChange, TimeOff
from tests.book.helpers import at, book
from tests.continuity.helpers import all_rows, opened_backup, rewrite_manifest

pytestmark = pytest.mark.django_db(transaction=True)


def fill(salon):
    """Some of everything a salon records."""
    book(salon, (salon.colour, salon.stylist_member, at(10)), (salon.cut, salon.jo, at(10, 30)))
    book(salon, (salon.cut, salon.owner_member, at(14)), notes="Prefers tea, no sugar")
    ColourNote.objects.create(business=salon.business, client=salon.client, formula="7N 20vol")
    PatchTest.objects.create(
        business=salon.business, client=salon.client, tested_on=date(2026, 11, 1), result="passed"
    )
    TimeOff.objects.create(
        business=salon.business,
        team_member=salon.jo,
        starts_at=at(9, day=date(2026, 12, 1)),
        ends_at=at(18, day=date(2026, 12, 1)),
        reason="Dentist",
    )
    ScheduleChange.objects.create(
        business=salon.business,
        team_member=salon.stylist_member,
        location=salon.location,
        date=date(2026, 12, 2),
        note="Not in",
    )


def wipe(business_id, fresh_ids=False):
    """The salon's data gone, as after a lost disk. ``fresh_ids``: as a new installation,
    whose id counters start again from 1."""
    with transaction.atomic():
        User.groups.through.objects.filter(user__business_id=business_id).delete()
        for table in reversed(business_tables()):
            table.rows_of(business_id, "default")._raw_delete("default")
    if fresh_ids:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("DELETE FROM sqlite_sequence")
            else:
                sequences = [{"table": t.name, "column": "id"} for t in business_tables()]
                for sql in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
                    cursor.execute(sql)


@pytest.fixture
def backed_up(salon, other, location):
    fill(salon)
    book(other, (other.cut, other.jo, at(11)))
    path = take_backup(salon.business, location).path
    return path, all_rows("default", salon.business.pk), all_rows("default", other.business.pk)


def test_it_round_trips_every_row_of_every_business_table(salon, other, backed_up, location):
    path, salon_rows, other_rows = backed_up
    assert all(salon_rows[name] for name in ("book_appointmentservice", "team_timeoff"))
    wipe(salon.business.pk)
    assert not Business.objects.filter(pk=salon.business.pk).exists()
    outcome = restore_backup(path, safety_location=location)
    assert all_rows("default", salon.business.pk) == salon_rows
    assert all_rows("default", other.business.pk) == other_rows
    assert outcome.safety_backup is None  # there was nothing to replace
    assert outcome.row_counts["book_appointment"] == 2
    assert User.objects.get(username="owner").check_password("correct-horse-42")


def test_it_restores_into_an_empty_installation(salon, other, backed_up, location):
    path, salon_rows, _ = backed_up
    wipe(other.business.pk, fresh_ids=True)
    wipe(salon.business.pk, fresh_ids=True)
    assert Business.objects.count() == 0
    restore_backup(path, safety_location=location)
    assert all_rows("default", salon.business.pk) == salon_rows
    # New records carry on after the restored ids (PostgreSQL's sequences were reset).
    newest = max(row[0] for row in salon_rows["clients_client"])
    client = Client.objects.create(business_id=salon.business.pk, first_name="New")
    assert client.pk > newest


def test_it_replaces_changes_made_since_the_backup(salon, backed_up, location):
    path, salon_rows, _ = backed_up
    salon.client.first_name = "Alicia"
    salon.client.save()
    added = book(salon, (salon.cut, salon.jo, at(16)))
    ColourNote.objects.filter(business=salon.business).delete()
    salon.manager.groups.add(Group.objects.create(name="Old-style group"))
    outcome = restore_backup(path, safety_location=location)
    assert all_rows("default", salon.business.pk) == salon_rows
    assert not Appointment.objects.filter(pk=added.pk).exists()
    assert not User.groups.through.objects.filter(user_id=salon.manager.pk).exists()
    # What was replaced is in the safety backup.
    assert outcome.safety_backup.name.endswith("-before_restore")
    with opened_backup(outcome.safety_backup) as safety:
        assert Appointment._base_manager.using(safety).filter(pk=added.pk).exists()
        assert Client._base_manager.using(safety).get(pk=salon.client.pk).first_name == "Alicia"


def test_it_writes_nothing_to_the_activity_log(salon, backed_up, location):
    path, salon_rows, _ = backed_up
    restore_backup(path, safety_location=location)
    entries = set(
        ActivityEntry.objects.filter(business=salon.business).values_list("pk", flat=True)
    )
    assert entries == {row[0] for row in salon_rows["activity_activityentry"]}


def damage(path):
    data = path / DATA_FILE
    content = bytearray(data.read_bytes())
    content[-100] ^= 0xFF
    data.write_bytes(bytes(content))


def test_it_refuses_a_damaged_backup_and_changes_nothing(salon, backed_up, location):
    path, _, _ = backed_up
    salon.client.first_name = "Changed"
    salon.client.save()
    now = all_rows("default", salon.business.pk)
    damage(path)
    with pytest.raises(RestoreError, match=r"did not verify.*SHA-256"):
        restore_backup(path, safety_location=location)
    assert all_rows("default", salon.business.pk) == now
    assert [e.trigger for e in list_backups(location)] == ["manual"]  # no safety backup


def forge_database(path, sql):
    """Change a backup's database and sign it again, as a backup made that way would be."""
    data = path / DATA_FILE
    database = sqlite3.connect(data)
    database.executescript(sql)
    database.close()

    def resign(document):
        document["files"][DATA_FILE] = {"sha256": sha256_of(data), "size": data.stat().st_size}

    rewrite_manifest(path, resign)


def test_it_refuses_a_backup_from_a_newer_salonkeep(salon, backed_up, location):
    path, _, _ = backed_up
    forge_database(
        path,
        "INSERT INTO django_migrations (app, name, applied) "
        "VALUES ('book', '0099_waitlist', '2027-01-01 00:00:00');",
    )
    with pytest.raises(RestoreError, match=r"newer Salonkeep.*book\.0099_waitlist"):
        restore_backup(path, safety_location=location)


def test_it_migrates_an_older_backup_forward(salon, backed_up, location):
    """A backup from before a migration existed: brought up to date on a copy first."""
    path, salon_rows, _ = backed_up
    forge_database(
        path, "DROP TABLE django_session; DELETE FROM django_migrations WHERE app = 'sessions';"
    )
    wipe(salon.business.pk)
    outcome = restore_backup(path, safety_location=location)
    assert outcome.migrated == ["sessions.0001_initial"]
    assert all_rows("default", salon.business.pk) == salon_rows
    assert verify_backup(path).ok  # migrated on a copy: the backup itself is unchanged


def test_it_refuses_to_restore_over_another_salon(salon, other, backed_up, location):
    path, _, other_rows = backed_up
    with pytest.raises(RestoreError, match=r"different salon.*never restored over another"):
        restore_backup(path, business_slug=other.business.slug, safety_location=location)
    with pytest.raises(RestoreError, match="not somewhere-else"):
        restore_backup(path, business_slug="somewhere-else", safety_location=location)
    assert all_rows("default", other.business.pk) == other_rows


def test_it_refuses_ids_that_belong_to_another_salon(salon, other, backed_up, location):
    path, _, _ = backed_up
    wipe(salon.business.pk)
    Client.objects.create(pk=salon.client.pk, business=other.business, first_name="Squatter")
    with pytest.raises(RestoreError, match=f"clients_client record {salon.client.pk} already"):
        restore_backup(path, safety_location=location)
    assert not Business.objects.filter(pk=salon.business.pk).exists()


def test_it_refuses_a_username_taken_by_another_salon(salon, other, backed_up, location):
    path, _, _ = backed_up
    wipe(salon.business.pk)
    User.objects.create_user(username="manager", password="x", business=other.business)
    with pytest.raises(RestoreError, match="username 'manager'"):
        restore_backup(path, safety_location=location)
    assert not Business.objects.filter(pk=salon.business.pk).exists()


def test_it_undoes_everything_when_writing_fails_midway(salon, backed_up, location, monkeypatch):
    path, _, _ = backed_up
    salon.client.first_name = "Changed"
    salon.client.save()
    now = all_rows("default", salon.business.pk)
    copy = restore_module.copy_rows
    copied = []

    def failing_copy(rows, target):
        if len(copied) == 5:
            raise DatabaseError("disk I/O error")
        copied.append(rows.model)
        return copy(rows, target)

    monkeypatch.setattr(restore_module, "copy_rows", failing_copy)
    with pytest.raises(RestoreError, match="undone, nothing changed: disk I/O error"):
        restore_backup(path, safety_location=location)
    assert all_rows("default", salon.business.pk) == now


def test_it_restores_from_the_command_line(salon, backed_up, location):
    path, salon_rows, _ = backed_up
    Client.objects.create(business=salon.business, first_name="Later")
    out = StringIO()
    call_command("restore", str(path), "--yes", "--to", str(location), stdout=out)
    text = out.getvalue()
    assert text.startswith("Restored Rose & Thorn (rose-thorn): ")
    assert "Safety backup of the data replaced: " in text
    assert all_rows("default", salon.business.pk) == salon_rows


def test_it_asks_before_restoring_at_a_terminal(salon, backed_up, location, monkeypatch):
    path, _, _ = backed_up
    monkeypatch.setattr(restore_command, "stdin_is_terminal", lambda: True)
    questions = []
    monkeypatch.setattr("builtins.input", lambda q: questions.append(q) or "no")
    with pytest.raises(CommandError, match="Nothing was restored"):
        call_command("restore", str(path), "--to", str(location), stdout=StringIO())
    assert "REPLACE all data of Rose & Thorn (rose-thorn)" in questions[0]
    monkeypatch.setattr("builtins.input", lambda q: "yes")
    out = StringIO()
    call_command("restore", str(path), "--to", str(location), stdout=out)
    assert out.getvalue().startswith("Restored")


def test_it_needs_yes_without_a_terminal(salon, backed_up, location, monkeypatch):
    path, _, _ = backed_up
    monkeypatch.setattr(restore_command, "stdin_is_terminal", lambda: False)
    with pytest.raises(CommandError, match="Add --yes"):
        call_command("restore", str(path), stdout=StringIO())


def test_it_reports_every_reason_from_the_command_line(salon, backed_up, location):
    path, _, _ = backed_up
    (path / MANIFEST_FILE).write_text("{")
    with pytest.raises(CommandError, match=r"Nothing was restored\. The backup did not verify"):
        call_command("restore", str(path), "--yes", stdout=StringIO())
