"""Taking a backup: one business's complete data in a plain SQLite file with a manifest,
published in the documented layout, and nothing of this machine's settings."""

from __future__ import annotations

import builtins
import io
import json
import re
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings

from salonkeep import __version__
from salonkeep.accounts.models import User
from salonkeep.activity.models import ActivityEntry
from salonkeep.book.models import Appointment
from salonkeep.clients.models import Client, ColourNote
from salonkeep.config import CONFIG_FILE_NAME, SECRET_KEY_FILE_NAME
from salonkeep.continuity import snapshot
from salonkeep.continuity.backup import BackupError, default_location, take_backup
from salonkeep.continuity.listing import list_backups
from salonkeep.continuity.manifest import DATA_FILE, MANIFEST_FILE, SUMS_FILE
from salonkeep.continuity.tables import business_tables
from salonkeep.continuity.verify import verify_backup
from tests.book.helpers import at, book
from tests.continuity.helpers import all_rows, opened_backup

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_publishes_a_verified_backup_in_the_documented_layout(salon, location):
    with time_machine.travel(datetime(2026, 11, 23, 14, 5, 12, tzinfo=UTC), tick=False):
        outcome = take_backup(salon.business, location)
    assert outcome.path == location / salon.business.slug / "20261123T140512Z-manual"
    assert sorted(p.name for p in outcome.path.iterdir()) == [SUMS_FILE, DATA_FILE, MANIFEST_FILE]
    assert list(location.rglob(".incoming-*")) == []
    assert verify_backup(outcome.path).ok


def test_it_writes_the_manifest(salon, location):
    book(salon, (salon.cut, salon.jo, at(10)))
    with time_machine.travel(datetime(2026, 11, 23, 14, 5, 12, tzinfo=UTC), tick=False):
        path = take_backup(salon.business, location).path
    manifest = json.loads((path / MANIFEST_FILE).read_text())
    assert manifest["format_version"] == 1
    assert manifest["app_version"] == __version__
    assert manifest["created_at"] == "2026-11-23T14:05:12Z"
    assert manifest["trigger"] == "manual"
    assert manifest["business"] == {
        "id": salon.business.pk,
        "slug": salon.business.slug,
        "name": "Rose & Thorn",
        "time_zone": "Europe/London",
    }
    assert manifest["migrations"]["book"] == ["0001_initial"]
    assert manifest["migrations"]["auth"] == ["0012_alter_user_first_name_max_length"]
    assert manifest["row_counts"]["book_appointment"] == 1
    assert manifest["row_counts"]["accounts_user"] == 4
    assert manifest["row_counts"]["accounts_business"] == 1
    assert set(manifest["row_counts"]) == {table.name for table in business_tables()}
    data = path / DATA_FILE
    assert manifest["files"][DATA_FILE]["size"] == data.stat().st_size
    assert re.fullmatch(r"[0-9a-f]{64}", manifest["files"][DATA_FILE]["sha256"])


@pytest.mark.skipif(shutil.which("sha256sum") is None, reason="needs sha256sum")
def test_it_writes_checksums_that_sha256sum_accepts(salon, location):
    path = take_backup(salon.business, location).path
    checked = subprocess.run(
        ["sha256sum", "-c", SUMS_FILE], cwd=path, capture_output=True, text=True, check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert f"{DATA_FILE}: OK" in checked.stdout and f"{MANIFEST_FILE}: OK" in checked.stdout


def test_it_holds_every_row_of_the_business_and_none_of_another(salon, other, location):
    book(salon, (salon.colour, salon.stylist_member, at(10)), (salon.cut, salon.jo, at(10, 30)))
    book(other, (other.cut, other.jo, at(11)))
    ColourNote.objects.create(business=salon.business, client=salon.client, formula="6N + 20vol")
    path = take_backup(salon.business, location).path
    live = all_rows("default", salon.business.pk)
    assert live["book_appointmentservice"] and live["clients_colournote"]
    with opened_backup(path) as backup:
        assert all_rows(backup, salon.business.pk) == live
        assert all(rows == [] for rows in all_rows(backup, other.business.pk).values())


def test_it_keeps_values_exactly_as_stored(salon, location):
    """Timestamps set automatically on save must come back as they were, not as the
    time of the backup."""
    earlier = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    with time_machine.travel(earlier, tick=False):
        client = Client.objects.create(
            business=salon.business, first_name="Bea", phone="07700 900999", notes="Café ☕"
        )
    path = take_backup(salon.business, location).path
    with opened_backup(path) as backup:
        copy = Client._base_manager.using(backup).get(pk=client.pk)
    assert copy.created_at == earlier and copy.updated_at == earlier
    assert copy.phone_key == client.phone_key and copy.notes == "Café ☕"


def test_it_writes_nothing_to_the_activity_log(salon, location):
    before = ActivityEntry.objects.count()
    take_backup(salon.business, location)
    assert ActivityEntry.objects.count() == before


def test_it_never_reads_this_machines_settings(salon, location, monkeypatch):
    home = settings.SALONKEEP_HOME
    (home / CONFIG_FILE_NAME).write_text('[machine]\nserial = "SERIAL-XYZZY-42"\n')
    secret = (home / SECRET_KEY_FILE_NAME).read_text().strip()
    opened = []
    real_open = builtins.open

    def spying_open(file, *args, **kwargs):
        opened.append(str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spying_open)
    monkeypatch.setattr(io, "open", spying_open)  # what pathlib uses
    try:
        path = take_backup(salon.business, location).path
    finally:
        monkeypatch.undo()
        (home / CONFIG_FILE_NAME).unlink()
    assert any(name.endswith(DATA_FILE) for name in opened)  # the spy does see files opened
    assert not any(name.endswith((CONFIG_FILE_NAME, SECRET_KEY_FILE_NAME)) for name in opened)
    everything = b"".join(p.read_bytes() for p in path.iterdir())
    assert b"SERIAL-XYZZY-42" not in everything
    assert secret.encode() not in everything


def test_it_clears_links_to_logins_outside_the_business(salon, location):
    """A login of no salon (an installation administrator) is not this salon's data: an
    appointment it made keeps everything but who made it, and the manifest says so."""
    admin = User.objects.create_user(username="admin", password="x", business=None)
    appointment = book(salon, (salon.cut, salon.jo, at(10)), created_by=admin)
    outcome = take_backup(salon.business, location)
    assert outcome.manifest.detached_references == {"book_appointment.created_by_id": 1}
    assert verify_backup(outcome.path).ok
    with opened_backup(outcome.path) as backup:
        copy = Appointment._base_manager.using(backup).get(pk=appointment.pk)
        assert copy.created_by_id is None
        assert not User._base_manager.using(backup).filter(username="admin").exists()
    appointment.refresh_from_db()
    assert appointment.created_by_id == admin.pk  # the live data is untouched


def test_it_refuses_a_database_with_migrations_not_applied(salon, location, monkeypatch):
    class Pending:
        def __init__(self, connection):
            self.loader = SimpleNamespace(graph=SimpleNamespace(leaf_nodes=list))

        def migration_plan(self, targets):
            return [(SimpleNamespace(app_label="book", name="0002_waitlist"), False)]

    monkeypatch.setattr(snapshot, "MigrationExecutor", Pending)
    with pytest.raises(BackupError, match=r"not yet applied \(book\.0002_waitlist\).*migrate"):
        take_backup(salon.business, location)
    assert list_backups(location) == []


def test_it_backs_up_into_the_data_folder_by_default(salon):
    path = take_backup(salon.business).path
    assert path.parent.parent == default_location() == settings.SALONKEEP_HOME / "backups"


def test_it_names_a_second_backup_in_the_same_second_apart(salon, location):
    with time_machine.travel(datetime(2026, 11, 23, 14, 5, 12, tzinfo=UTC), tick=False):
        first = take_backup(salon.business, location).path
        second = take_backup(salon.business, location).path
    assert first.name == "20261123T140512Z-manual"
    assert second.name == "20261123T140512Z-manual-2"


def test_it_records_what_triggered_the_backup(salon, location):
    path = take_backup(salon.business, location, trigger="on_exit").path
    assert path.name.endswith("-on_exit")
    assert json.loads((path / MANIFEST_FILE).read_text())["trigger"] == "on_exit"


def test_it_refuses_an_unknown_trigger(salon, location):
    with pytest.raises(ValueError, match="trigger"):
        take_backup(salon.business, location, trigger="whenever")


def test_it_refuses_to_keep_no_backups(salon, location):
    with pytest.raises(BackupError, match="at least 1"):
        take_backup(salon.business, location, keep=0)
    assert not location.exists()


def test_it_prunes_old_backups_after_a_new_one_verified(salon, location):
    start = datetime(2026, 11, 23, 9, tzinfo=UTC)
    paths = []
    for hour in range(4):
        with time_machine.travel(start + timedelta(hours=hour), tick=False):
            paths.append(take_backup(salon.business, location, keep=2).path)
    assert sorted(p.name for p in (location / salon.business.slug).iterdir()) == [
        paths[2].name,
        paths[3].name,
    ]


def test_it_leaves_no_working_files_behind(salon, location):
    take_backup(salon.business, location)
    work = settings.SALONKEEP_HOME / "tmp"
    assert not work.exists() or list(work.iterdir()) == []
