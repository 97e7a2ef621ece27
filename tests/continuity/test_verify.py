"""Verifying a backup: every kind of damage is found and named, nothing is trusted."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.manifest import DATA_FILE, MANIFEST_FILE, SUMS_FILE
from salonkeep.continuity.verify import verify_backup
from tests.continuity.helpers import rewrite_manifest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def backup(salon, location, tmp_path):
    """A fresh copy of one good backup per test, to damage at will."""
    original = take_backup(salon.business, location).path
    copy = tmp_path / "copy" / original.name
    shutil.copytree(original, copy)
    return copy


_originals = {}


def original_manifest(backup):
    """The manifest as written, whatever earlier examples did to the file."""
    return _originals.setdefault(backup, (backup / MANIFEST_FILE).read_text())


def problems_of(path):
    result = verify_backup(path)
    assert not result.ok
    return " | ".join(result.problems)


def test_it_passes_a_good_backup(backup, salon):
    result = verify_backup(backup)
    assert result.ok, result.problems
    assert result.manifest.business.id == salon.business.pk


def test_it_finds_a_truncated_data_file(backup):
    data = backup / DATA_FILE
    data.write_bytes(data.read_bytes()[:-4096])
    assert "cut short" in problems_of(backup)


def test_it_finds_one_flipped_bit(backup):
    data = backup / DATA_FILE
    content = bytearray(data.read_bytes())
    content[len(content) // 2] ^= 0x01
    data.write_bytes(bytes(content))
    assert "data.sqlite3 does not match its SHA-256 checksum" in problems_of(backup)


@pytest.mark.parametrize("name", [DATA_FILE, SUMS_FILE])
def test_it_finds_a_missing_file(backup, name):
    (backup / name).unlink()
    assert f"{name} is missing" in problems_of(backup)


def test_it_finds_a_missing_manifest(backup):
    (backup / MANIFEST_FILE).unlink()
    assert "manifest.json is missing" in problems_of(backup)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not json {", "manifest.json is not valid JSON"),
        (b"\xff\xfe\x00garbage", "manifest.json is not text"),
        (b"[1, 2, 3]", "not a JSON object"),
        (b"{}", "manifest.json has no format_version"),
        (b'{"format_version": "1"}', "format_version has the wrong type"),
        (b'{"format_version": 0}', "unknown format_version 0"),
        (b'{"format_version": 1}', "manifest.json has no app_version"),
        (b"[" * 100_000, "manifest.json is not valid JSON"),
    ],
)
def test_it_finds_a_garbage_manifest(backup, content, reason):
    (backup / MANIFEST_FILE).write_bytes(content)
    assert reason in problems_of(backup)


def test_it_refuses_a_backup_from_a_newer_salonkeep(backup):
    rewrite_manifest(backup, lambda document: document.update(format_version=3))
    assert "made by a newer Salonkeep" in problems_of(backup)


def test_it_finds_a_manifest_changed_after_writing(backup):
    manifest = backup / MANIFEST_FILE
    document = json.loads(manifest.read_text())
    document["business"]["name"] = "Somebody Else"
    manifest.write_text(json.dumps(document))
    found = problems_of(backup)
    assert "manifest.json does not match its checksum in SHA256SUMS" in found


def test_it_finds_row_counts_that_differ_from_the_manifest(backup):
    rewrite_manifest(backup, lambda document: document["row_counts"].update(clients_client=7))
    assert "table clients_client has 1 rows, the manifest says 7" in problems_of(backup)


def test_it_finds_a_database_of_another_business(backup):
    def claim_other_business(document):
        document["business"].update(id=document["business"]["id"] + 100, slug="elsewhere")

    rewrite_manifest(backup, claim_other_business)
    found = problems_of(backup)
    assert "the manifest names business elsewhere" in found
    assert "rows of another business" in found


def test_it_finds_a_damaged_database_that_matches_its_checksums(backup):
    """Damage made before the checksums were taken: only SQLite's own check sees it."""
    data = backup / DATA_FILE
    database = sqlite3.connect(data)
    page_size = database.execute("PRAGMA page_size").fetchone()[0]
    root = database.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'clients_client'"
    ).fetchone()[0]
    database.close()
    content = bytearray(data.read_bytes())
    start = (root - 1) * page_size
    content[start + 8 : start + 64] = b"\x00" * 56  # scribble over the table's first page
    data.write_bytes(bytes(content))
    digest = hashlib.sha256(bytes(content)).hexdigest()
    rewrite_manifest(backup, lambda document: document["files"][DATA_FILE].update(sha256=digest))
    found = problems_of(backup)
    assert "data.sqlite3 is damaged" in found


def test_it_says_when_a_folder_is_not_a_backup(tmp_path):
    (tmp_path / "holiday.jpg").write_bytes(b"\xff\xd8")
    assert problems_of(tmp_path) == f"{tmp_path} is not a Salonkeep backup (no manifest.json)"


def test_it_says_when_the_path_is_missing_or_a_file(tmp_path):
    assert "does not exist" in problems_of(tmp_path / "nowhere")
    (tmp_path / "file").write_text("x")
    assert "is a file, not a backup folder" in problems_of(tmp_path / "file")


def test_it_refuses_file_names_that_leave_the_folder(backup):
    rewrite_manifest(
        backup, lambda d: d["files"].update({"../../etc/passwd": {"sha256": "0" * 64, "size": 1}})
    )
    assert "unusable name" in problems_of(backup)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    junk=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
        ),
        max_leaves=20,
    ),
    key=st.sampled_from(
        [
            "format_version",
            "business",
            "files",
            "row_counts",
            "migrations",
            "created_at",
            "trigger",
            "detached_references",
        ]
    ),
)
def test_it_never_crashes_on_a_mangled_manifest(backup, junk, key):
    """Any value in any place is either accepted or named as a problem, never a crash."""
    document = json.loads(original_manifest(backup))
    document[key] = junk
    (backup / MANIFEST_FILE).write_text(json.dumps(document))
    result = verify_backup(backup)
    assert not result.ok
    assert all(isinstance(problem, str) and problem for problem in result.problems)
