"""Encrypted backups: the database is unreadable without the passphrase (an encryption
setting that silently wrote plaintext would be worse than none), the checksums still
check without it, and backup → restore with the passphrase gives back every row."""

from __future__ import annotations

import io
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pyrage
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from salonkeep.clients.models import Client
from salonkeep.continuity.backup import BackupError, take_backup
from salonkeep.continuity.encryption import (
    ENCRYPTED_DATA_FILE,
    PassphraseError,
    read_passphrase_file,
)
from salonkeep.continuity.manifest import (
    DATA_FILE,
    MANIFEST_FILE,
    SUMS_FILE,
    ManifestError,
    parse_manifest,
    parse_sums,
)
from salonkeep.continuity.restore import RestoreError, restore_backup
from salonkeep.continuity.verify import verify_backup
from tests.book.helpers import at, book
from tests.continuity.helpers import all_rows

pytestmark = pytest.mark.django_db(transaction=True)
PASSPHRASE = "Tulip-Marmalade-Quarry-51"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def passphrase_file(tmp_path, text=PASSPHRASE + "\n", name="passphrase.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def files_under(folder: Path):
    return [path for path in folder.rglob("*") if path.is_file()]


@pytest.fixture
def encrypted(salon, location):
    book(salon, (salon.cut, salon.jo, at(10)), notes="Prefers tea, no sugar")
    return take_backup(salon.business, location, passphrase=PASSPHRASE)


def test_it_stores_nothing_of_the_database_in_readable_form(salon, encrypted):
    folder = encrypted.path
    assert sorted(path.name for path in folder.iterdir()) == [
        SUMS_FILE,
        ENCRYPTED_DATA_FILE,
        MANIFEST_FILE,
    ]
    sealed = (folder / ENCRYPTED_DATA_FILE).read_bytes()
    assert sealed.startswith(b"age-encryption.org/v1\n-> scrypt ")
    for plaintext in (b"SQLite format 3", b"Archer", b"07700 900123", b"Prefers tea"):
        assert plaintext not in sealed
    # Not an SQLite database to anything that opens it without the passphrase ...
    database = sqlite3.connect(folder / ENCRYPTED_DATA_FILE)
    with pytest.raises(sqlite3.DatabaseError, match="not a database"):
        database.execute("SELECT name FROM sqlite_master").fetchall()
    database.close()
    # ... and age refuses any other passphrase.
    with pytest.raises(pyrage.DecryptError):
        pyrage.passphrase.decrypt(sealed, PASSPHRASE[:-1] + "2")
    assert pyrage.passphrase.decrypt(sealed, PASSPHRASE).startswith(b"SQLite format 3\x00")
    manifest = json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest["encryption"] == "age-scrypt"
    assert list(manifest["files"]) == [ENCRYPTED_DATA_FILE]
    assert encrypted.manifest.row_counts["book_appointment"] == 1


def test_it_keeps_the_checksums_checkable_without_the_passphrase(encrypted):
    folder = encrypted.path
    sums = parse_sums((folder / SUMS_FILE).read_text(encoding="utf-8"))
    assert sorted(sums) == [ENCRYPTED_DATA_FILE, MANIFEST_FILE]
    checked = subprocess.run(
        ["sha256sum", "-c", SUMS_FILE], cwd=folder, capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    without = verify_backup(folder)
    assert without.ok and without.contents_unchecked.startswith("encrypted")
    damaged = folder.parent / "damaged"
    shutil.copytree(folder, damaged)
    with (damaged / ENCRYPTED_DATA_FILE).open("r+b") as handle:
        handle.seek(-10, 2)
        handle.write(b"XXXXXXXXXX")
    assert any("SHA-256" in problem for problem in verify_backup(damaged).problems)


def test_it_checks_the_contents_with_the_passphrase_and_refuses_a_wrong_one(encrypted):
    full = verify_backup(encrypted.path, passphrase=PASSPHRASE)
    assert full.ok and full.contents_unchecked is None
    wrong = verify_backup(encrypted.path, passphrase="not the passphrase")
    assert wrong.problems == ["wrong passphrase"]
    # The decrypted copy lived only in a private working folder, now gone.
    work = settings.SALONKEEP_HOME / "tmp"
    assert not list(work.glob("decrypt-*"))


def test_it_round_trips_with_the_passphrase_and_changes_nothing_without_it(
    salon, encrypted, location
):
    rows = all_rows("default", salon.business.pk)
    salon.client.first_name = "Alicia"
    salon.client.save()
    changed = all_rows("default", salon.business.pk)
    for passphrase, message in ((None, "encrypted: give its passphrase"), ("wrong-words", "Wrong")):
        with pytest.raises(RestoreError, match=message):
            restore_backup(encrypted.path, safety_location=location, passphrase=passphrase)
        assert all_rows("default", salon.business.pk) == changed
    assert len(list((location / salon.business.slug).iterdir())) == 1  # no safety backup
    restore_backup(encrypted.path, safety_location=location, passphrase=PASSPHRASE)
    assert all_rows("default", salon.business.pk) == rows
    assert Client.objects.get(pk=salon.client.pk).first_name == "Alice"


def test_it_works_from_the_command_line_and_never_writes_the_passphrase(
    salon, location, tmp_path, monkeypatch
):
    secret = passphrase_file(tmp_path)
    out, _ = run("backup", "--to", str(location), "--passphrase-file", str(secret))
    folder = Path(out.strip())
    assert (folder / ENCRYPTED_DATA_FILE).is_file() and not (folder / DATA_FILE).exists()

    with pytest.raises(CommandError, match="contents not checked: encrypted") as unchecked:
        run("verify", str(folder))
    assert unchecked.value.returncode == 3
    out, _ = run("verify", str(folder), "--passphrase-file", str(secret))
    assert out.startswith(f"OK {folder}:") and out.rstrip().endswith("encrypted")
    wrong = passphrase_file(tmp_path, "some other words\n", "wrong.txt")
    with pytest.raises(CommandError, match="Wrong passphrase") as refused:
        run("verify", str(folder), "--passphrase-file", str(wrong))
    assert refused.value.returncode == 1

    salon.client.first_name = "Alicia"
    salon.client.save()
    with pytest.raises(CommandError, match=r"Nothing was restored\. Wrong passphrase"):
        run("restore", str(folder), "--yes", "--to", str(location), "--passphrase-file", str(wrong))
    assert Client.objects.get(pk=salon.client.pk).first_name == "Alicia"
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSPHRASE + "\n"))
    out, _ = run("restore", str(folder), "--yes", "--to", str(location), "--passphrase-file", "-")
    assert out.startswith("Restored Rose & Thorn")
    assert Client.objects.get(pk=salon.client.pk).first_name == "Alice"

    secret.unlink()  # the only place it was meant to be
    needle = PASSPHRASE.encode()
    for path in files_under(location) + files_under(settings.SALONKEEP_HOME):
        assert needle not in path.read_bytes(), path


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "is empty"), ("\n", "is empty"), ("seven77\n", "too short: use at least 8")],
)
def test_it_refuses_an_empty_or_short_passphrase_and_backs_up_nothing(
    salon, location, tmp_path, text, message
):
    secret = passphrase_file(tmp_path, text)
    with pytest.raises(CommandError, match=message):
        run("backup", "--to", str(location), "--passphrase-file", str(secret))
    with pytest.raises(BackupError, match=r"empty|too short"):
        take_backup(salon.business, location, passphrase=text.strip())
    assert not location.exists()


def test_it_says_when_the_passphrase_file_cannot_be_read(salon, location, tmp_path):
    with pytest.raises(CommandError, match="Cannot read the passphrase file"):
        run("backup", "--to", str(location), "--passphrase-file", str(tmp_path / "missing"))
    assert not location.exists()


def test_it_reads_the_passphrase_exactly_apart_from_one_line_ending(tmp_path):
    assert read_passphrase_file("-", io.StringIO("  spaced words  \r\n")) == "  spaced words  "
    assert read_passphrase_file(str(passphrase_file(tmp_path, "a b c d e\n\n"))) == "a b c d e\n"
    (tmp_path / "binary").write_bytes(b"\xff\xfe")
    with pytest.raises(PassphraseError, match="not UTF-8"):
        read_passphrase_file(str(tmp_path / "binary"))


def test_it_refuses_a_manifest_of_unknown_encryption_or_without_its_file(encrypted):
    document = json.loads((encrypted.path / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert parse_manifest(json.dumps(document)).data_file == ENCRYPTED_DATA_FILE
    with pytest.raises(ManifestError, match="unknown encryption 'rot13'"):
        parse_manifest(json.dumps({**document, "encryption": "rot13"}))
    with pytest.raises(ManifestError, match=f"does not list {DATA_FILE}"):
        parse_manifest(json.dumps({key: v for key, v in document.items() if key != "encryption"}))
