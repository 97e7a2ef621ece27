"""Retention: keep the newest N verified backups; delete only after newer ones verified,
never the newest verified, fewer than N is fine, and a second run changes nothing."""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from salonkeep.continuity.listing import list_backups
from salonkeep.continuity.manifest import (
    DATA_FILE,
    MANIFEST_FILE,
    SUMS_FILE,
    BusinessInfo,
    FileEntry,
    Manifest,
    sha256_of,
    sums_text,
)
from salonkeep.continuity.publish import folder_name
from salonkeep.continuity.retention import plan_retention, prune_old_backups

START = datetime(2026, 11, 23, 9, tzinfo=UTC)
SLUG = "rose-thorn"


def fake_backup(location: Path, created_at: datetime, *, complete: bool = True) -> Path:
    """A backup folder as publication leaves it; ``complete=False`` cuts its data file
    short afterwards, as a failing drive might."""
    folder = location / SLUG / folder_name(created_at, "schedule")
    folder.mkdir(parents=True)
    data = folder / DATA_FILE
    data.write_bytes(os.urandom(64))
    manifest = Manifest(
        app_version="0.1.0",
        created_at=created_at,
        trigger="schedule",
        business=BusinessInfo(1, SLUG, "Rose & Thorn", "Europe/London"),
        migrations={},
        row_counts={},
        files={DATA_FILE: FileEntry(sha256_of(data), 64)},
    )
    (folder / MANIFEST_FILE).write_text(manifest.to_json())
    sums = {DATA_FILE: sha256_of(data), MANIFEST_FILE: sha256_of(folder / MANIFEST_FILE)}
    (folder / SUMS_FILE).write_text(sums_text(sums))
    if not complete:
        data.write_bytes(b"short")
    return folder


def present(location: Path) -> set[str]:
    return {p.name for p in (location / SLUG).iterdir()} if (location / SLUG).exists() else set()


# ---- the rule itself, on plain values --------------------------------------------------

histories = st.lists(st.booleans(), max_size=40)  # newest first: verified or not


@settings(max_examples=300)
@given(verified=histories, keep=st.integers(min_value=1, max_value=8))
def test_it_plans_only_safe_deletions(verified, keep):
    entries = list(range(len(verified)))  # entry i is the i-th newest
    doomed = plan_retention(entries, keep, lambda i: verified[i])
    kept = [i for i in entries if i not in doomed]
    verified_kept = [i for i in kept if verified[i]]
    assert len(verified_kept) == min(keep, sum(verified))
    if sum(verified) < keep:
        assert doomed == []
    if any(verified):
        assert verified.index(True) in kept  # never the newest verified
    for i in doomed:  # each deleted one has `keep` newer verified backups kept
        assert sum(1 for j in verified_kept if j < i) >= keep
    assert doomed == entries[len(kept) :]  # only ever the oldest
    assert plan_retention(kept, keep, lambda i: verified[i]) == []  # a second run: nothing


def test_it_refuses_to_keep_none():
    with pytest.raises(ValueError, match="at least 1"):
        plan_retention([1, 2], 0, lambda entry: True)


# ---- on real folders, through a sequence of backups -------------------------------------

events = st.lists(st.sampled_from(["verified", "damaged", "crashed"]), min_size=1, max_size=14)


@settings(max_examples=60, deadline=None)
@given(sequence=events, keep=st.integers(min_value=1, max_value=5))
def test_it_keeps_the_invariants_through_any_sequence_of_backups(sequence, keep):
    with tempfile.TemporaryDirectory() as work:
        location = Path(work)
        verified_made = []
        for number, event in enumerate(sequence):
            moment = START + timedelta(hours=number)
            if event == "crashed":  # a backup that died before publication
                (location / SLUG / f".incoming-{number}").mkdir(parents=True)
                continue
            folder = fake_backup(location, moment, complete=event == "verified")
            if event == "damaged":
                continue
            verified_made.append(folder.name)
            prune_old_backups(location, SLUG, keep)  # runs after each verified backup

            entries = list_backups(location, SLUG, thorough=False)
            verified_now = [e.path.name for e in entries if e.verified]
            assert verified_now == sorted(verified_made, reverse=True)[:keep]
            assert verified_made[-1] in verified_now  # the newest verified survives
            if len(verified_now) == keep:  # then anything older than those `keep` is gone
                oldest_kept = min(e.created_at for e in entries if e.verified)
                assert all(e.created_at >= oldest_kept for e in entries)
            before = present(location)
            assert prune_old_backups(location, SLUG, keep) == []
            assert present(location) == before
        crashed = {name for name in present(location) if name.startswith(".incoming-")}
        assert len(crashed) == sequence.count("crashed")  # fresh leftovers are not touched
        assert all(e.path.name not in crashed for e in list_backups(location, SLUG))


def test_it_keeps_fewer_than_n_without_complaint(tmp_path):
    made = {fake_backup(tmp_path, START + timedelta(hours=h)).name for h in range(3)}
    assert prune_old_backups(tmp_path, SLUG, 25) == []
    assert present(tmp_path) == made


def test_it_deletes_nothing_while_newer_backups_fail(tmp_path):
    """Old good backups stay while every new one is damaged: nothing newer verified."""
    good = {fake_backup(tmp_path, START + timedelta(hours=h)).name for h in range(2)}
    damaged = {
        fake_backup(tmp_path, START + timedelta(hours=h), complete=False).name for h in (5, 6, 7)
    }
    assert prune_old_backups(tmp_path, SLUG, 2) == []
    assert present(tmp_path) == good | damaged


def test_it_deletes_old_ones_once_enough_newer_verified(tmp_path):
    old = [fake_backup(tmp_path, START + timedelta(hours=h)) for h in range(3)]
    damaged = fake_backup(tmp_path, START + timedelta(hours=3), complete=False)
    new = [fake_backup(tmp_path, START + timedelta(hours=h)) for h in (4, 5)]
    removed = prune_old_backups(tmp_path, SLUG, 2)
    assert sorted(removed) == sorted([*old, damaged])
    assert present(tmp_path) == {folder.name for folder in new}
    assert not any(name.startswith(".removing-") for name in present(tmp_path))
