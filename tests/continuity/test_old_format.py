"""Backups made by earlier versions keep restoring.

tests/continuity/fixtures/format-1-v0.1.0.salonkeep is a backup of a small salon made
on SQLite by Salonkeep 0.1.0 (backup format 1), exported as one file, with what it must
give back in format-1-v0.1.0.json. It is frozen: NEVER regenerate or edit it, whatever
changes in later versions. If a later version cannot restore it, that version has broken
every salon's old backups; fix the code (restore migrates old backups forward), not the
fixture. A new backup format gets a NEW fixture next to this one, and this one stays.
(fixtures/make_format_1.py records how it was made.)

The suite runs on SQLite and on PostgreSQL, so on PostgreSQL these tests also prove
that a backup made on SQLite restores into PostgreSQL.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from salonkeep.accounts.models import Business, User
from salonkeep.book.models import Appointment
from salonkeep.clients.models import Client
from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.export import unpack_backup_file
from salonkeep.continuity.manifest import sha256_of
from salonkeep.continuity.restore import restore_backup
from salonkeep.continuity.tables import business_tables
from salonkeep.continuity.verify import verify_backup

pytestmark = pytest.mark.django_db(transaction=True)

FIXTURES = Path(__file__).parent / "fixtures"
FORMAT_1 = FIXTURES / "format-1-v0.1.0.salonkeep"
EXPECTED = json.loads((FIXTURES / "format-1-v0.1.0.json").read_text(encoding="utf-8"))
# The fixture's bytes as made; a different digest means someone regenerated or edited it.
FORMAT_1_SHA256 = "63b2c47abf90c80f7fe2b9514bc10798cd3646ce2d9dc55a0b7f05b0475c5c42"


@pytest.fixture
def unpacked(tmp_path):
    return unpack_backup_file(FORMAT_1, tmp_path)


def live_counts(business_id):
    return {
        table.name: table.rows_of(business_id, "default").count() for table in business_tables()
    }


def test_it_keeps_the_format_1_fixture_as_it_was_made():
    assert sha256_of(FORMAT_1) == FORMAT_1_SHA256


def test_it_still_verifies_the_format_1_fixture(unpacked):
    result = verify_backup(unpacked)
    assert result.ok, result.problems
    assert result.manifest.format_version == 1
    assert result.manifest.app_version == "0.1.0"
    assert result.manifest.business.slug == EXPECTED["business"]["slug"]
    assert result.manifest.row_counts == EXPECTED["row_counts"]


def test_it_restores_the_format_1_fixture_into_an_empty_installation(unpacked, location, settings):
    # The fixture holds real password hashes (PBKDF2), not the tests' fast MD5 ones.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    assert not Business.objects.exists()
    outcome = restore_backup(unpacked, safety_location=location)
    business_id = EXPECTED["business"]["id"]
    assert outcome.safety_backup is None
    assert outcome.business.name == EXPECTED["business"]["name"]
    counts = live_counts(business_id)
    # Tables added by later versions may hold rows of their own; these must match exactly.
    assert {name: counts[name] for name in EXPECTED["row_counts"]} == EXPECTED["row_counts"]
    clients = Client.objects.filter(business_id=business_id).order_by("pk")
    assert [[c.first_name, c.last_name, c.email, c.allergies] for c in clients] == EXPECTED[
        "clients"
    ]
    appointments = Appointment.objects.filter(business_id=business_id).order_by("pk")
    assert [
        [a.client.first_name, a.starts_at.isoformat(), a.status, a.notes] for a in appointments
    ] == EXPECTED["appointments"]
    owner = User.objects.get(username=EXPECTED["owner_username"])
    assert owner.business_id == business_id
    assert owner.check_password(EXPECTED["owner_password"])


def test_it_backs_up_the_restored_salon_again(unpacked, location):
    restored = restore_backup(unpacked, safety_location=location).business
    again = take_backup(restored, location, keep=None)
    result = verify_backup(again.path)
    assert result.ok, result.problems
    counts = again.manifest.row_counts
    assert {name: counts[name] for name in EXPECTED["row_counts"]} == EXPECTED["row_counts"]
