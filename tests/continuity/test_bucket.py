"""Backups in an S3-compatible bucket, against a real server on loopback (weed mini):
publishing, listing, retention, restore, and every way the bucket can fail."""

from __future__ import annotations

import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from salonkeep.accounts.models import Business
from salonkeep.continuity import bucket_backups
from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.bucket import BucketLocation, parse_bucket_address
from salonkeep.continuity.locations import (
    fetch_latest_verified,
    list_location_backups,
    local_backup_folder,
    open_location,
)
from salonkeep.continuity.manifest import DATA_FILE, MANIFEST_FILE, SUMS_FILE
from salonkeep.continuity.models import RunStatus
from salonkeep.continuity.restore import restore_backup
from salonkeep.continuity.runs import run_backup
from salonkeep.continuity.verify import verify_backup
from tests.book.helpers import at, book
from tests.continuity.helpers import all_rows
from tests.continuity.s3server import free_ports
from tests.continuity.test_restore import fill, wipe

pytestmark = pytest.mark.django_db(transaction=True)


def backup_keys(s3_server, where: BucketLocation) -> set[str]:
    # The folder key ends in "/": backups made in the same second are called NAME,
    # NAME-2, NAME-3, and a bare prefix would match all of them.
    return {key for key in s3_server.keys(where.bucket) if key.startswith(where.folder_key())}


def test_it_reads_bucket_addresses():
    assert open_location("s3://salon-backups/rose/main/") == BucketLocation(
        "salon-backups", "rose/main"
    )
    assert str(parse_bucket_address("s3://salon-backups")) == "s3://salon-backups"
    for bad in ("s3://", "s3://A_B/x", "s3://ok-bucket/../etc", "s3://ok-bucket/a b"):
        with pytest.raises(ValueError):
            parse_bucket_address(bad)


def test_it_round_trips_a_salon_through_a_bucket(salon, other, bucket, s3_server, tmp_path):
    fill(salon)
    book(other, (other.cut, other.jo, at(11)))
    run, outcome = run_backup(salon.business, "manual", location=bucket)
    assert run.status == RunStatus.VERIFIED, run.error
    assert isinstance(outcome.path, BucketLocation)
    assert run.path == f"s3://{bucket.bucket}/salon-backups/rose-thorn/{outcome.path.name}"
    keys = backup_keys(s3_server, outcome.path)
    assert {key.rsplit("/", 1)[-1] for key in keys} == {DATA_FILE, MANIFEST_FILE, SUMS_FILE}
    salon_rows = all_rows("default", salon.business.pk)
    other_rows = all_rows("default", other.business.pk)

    wipe(salon.business.pk)
    with local_backup_folder(outcome.path) as folder:
        assert folder.is_relative_to(tmp_path / "home" / "tmp")
        restore_backup(folder, safety_location=tmp_path / "safety")
    assert not folder.exists()  # the download is removed afterwards
    assert all_rows("default", salon.business.pk) == salon_rows
    assert all_rows("default", other.business.pk) == other_rows


def test_it_lists_only_published_backups(salon, bucket, s3_server, monkeypatch):
    first = take_backup(salon.business, bucket).path
    # What an upload cut off before its manifest leaves behind: never listed.
    client = s3_server.client()
    for name in (DATA_FILE, SUMS_FILE):
        key = bucket.key("rose-thorn", "20990101T000000Z-manual", name)
        client.put_object(Bucket=bucket.bucket, Key=key, Body=b"partial")
    entries = list_location_backups(bucket, "rose-thorn")
    assert [entry.path for entry in entries] == [first]
    assert entries[0].verified and entries[0].trigger == "manual"

    # The real thing: the upload of the marker fails, so the backup fails, nothing new
    # is listed and what was uploaded is removed.
    real_upload = bucket_backups.upload

    def cut_off(client, where, key, source):
        if key.endswith(MANIFEST_FILE):
            raise bucket_backups.BucketError("connection reset")
        real_upload(client, where, key, source)

    monkeypatch.setattr(bucket_backups, "upload", cut_off)
    run, outcome = run_backup(salon.business, "manual", location=bucket)
    assert outcome is None and run.status == RunStatus.FAILED
    assert "connection reset" in run.error
    assert [entry.path for entry in list_location_backups(bucket, "rose-thorn")] == [first]
    names = {key.split("/")[2] for key in backup_keys(s3_server, bucket)}
    assert names == {first.name, "20990101T000000Z-manual"}


def test_it_removes_old_unfinished_uploads(salon, bucket, s3_server):
    client = s3_server.client()
    key = bucket.key("rose-thorn", "20200101T000000Z-manual", DATA_FILE)
    client.put_object(Bucket=bucket.bucket, Key=key, Body=b"partial")
    client_now = time.time()
    from salonkeep.continuity.bucket import make_client

    assert bucket_backups.remove_unpublished(make_client(), bucket, "rose-thorn") == []
    removed = bucket_backups.remove_unpublished(
        make_client(), bucket, "rose-thorn", now=client_now + 2 * 3600
    )
    assert removed == ["20200101T000000Z-manual"]
    assert key not in s3_server.keys(bucket.bucket)


def test_it_keeps_the_newest_verified_backups_in_a_bucket(salon, bucket, s3_server):
    made = [take_backup(salon.business, bucket, keep=2).path for _ in range(3)]
    listed = [entry.path for entry in list_location_backups(bucket, "rose-thorn")]
    assert listed == [made[2], made[1]]
    assert not backup_keys(s3_server, made[0])  # every object of the oldest is gone
    # Running retention again deletes nothing.
    assert bucket_backups.prune_bucket_backups(bucket, "rose-thorn", 2) == []


def test_it_refuses_a_damaged_backup_in_a_bucket(salon, bucket, s3_server):
    path = take_backup(salon.business, bucket).path
    s3_server.client().put_object(Bucket=bucket.bucket, Key=path.key(DATA_FILE), Body=b"x" * 4096)
    (entry,) = list_location_backups(bucket, "rose-thorn")
    assert not entry.verified
    assert any("data.sqlite3" in problem for problem in entry.problems)
    with pytest.raises(CommandError, match="not a usable backup"):
        call_command("verify", str(path), stdout=StringIO(), stderr=StringIO())


def test_it_fetches_the_newest_verified_backup_for_the_standby(salon, bucket, s3_server, tmp_path):
    assert fetch_latest_verified(bucket, "rose-thorn", tmp_path / "a") is None
    older = take_backup(salon.business, bucket).path
    newer = take_backup(salon.business, bucket).path
    # The newest is damaged: the one before it is used.
    s3_server.client().put_object(Bucket=bucket.bucket, Key=newer.key(DATA_FILE), Body=b"bad")
    folder = fetch_latest_verified(bucket, "rose-thorn", tmp_path / "b")
    assert folder is not None and folder.name == older.name
    assert folder.is_relative_to(tmp_path / "b")
    assert verify_backup(folder).ok
    # A folder location's backup is returned where it is.
    in_folder = take_backup(salon.business, tmp_path / "backups").path
    assert fetch_latest_verified(tmp_path / "backups", "rose-thorn", tmp_path / "c") == in_folder


def test_it_says_when_the_bucket_does_not_exist(salon, bucket):
    run, outcome = run_backup(
        salon.business, "manual", location=BucketLocation("no-such-bucket-here", "x")
    )
    assert outcome is None and run.status == RunStatus.FAILED
    assert "There is no bucket 'no-such-bucket-here'" in run.error


def test_it_says_when_the_credentials_are_wrong(salon, bucket, settings):
    settings.SALONKEEP_S3_SECRET_KEY = "not-the-secret"
    run, outcome = run_backup(salon.business, "manual", location=bucket)
    assert outcome is None
    assert "refused the credentials" in run.error
    assert "s3_secret_key" in run.error
    settings.SALONKEEP_S3_ACCESS_KEY = ""
    run, _ = run_backup(salon.business, "manual", location=bucket)
    assert "No credentials for the backup bucket" in run.error


def test_it_says_quickly_when_the_server_cannot_be_reached(salon, bucket, settings):
    (port,) = free_ports(1)
    settings.SALONKEEP_S3_ENDPOINT_URL = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    run, outcome = run_backup(salon.business, "manual", location=bucket)
    assert time.monotonic() - started < 15
    assert outcome is None and run.status == RunStatus.FAILED
    assert f"The bucket server at http://127.0.0.1:{port} cannot be reached" in run.error


def test_it_survives_the_server_stopping_mid_upload(
    salon, private_s3_server, settings, tmp_path, monkeypatch
):
    private_s3_server.use(settings)
    settings.SALONKEEP_HOME = tmp_path / "home"
    where = BucketLocation(private_s3_server.new_bucket(), "")
    first = take_backup(salon.business, where).path
    real_upload = bucket_backups.upload

    def upload_then_stop(client, location, key, source):
        real_upload(client, location, key, source)
        if key.endswith(DATA_FILE):
            private_s3_server.stop()  # the server goes away half-way through

    monkeypatch.setattr(bucket_backups, "upload", upload_then_stop)
    started = time.monotonic()
    run, outcome = run_backup(salon.business, "manual", location=where)
    assert time.monotonic() - started < 30
    assert outcome is None and run.status == RunStatus.FAILED
    assert "cannot be reached" in run.error
    monkeypatch.setattr(bucket_backups, "upload", real_upload)

    private_s3_server.start()
    entries = list_location_backups(where, "rose-thorn")
    assert [entry.path for entry in entries] == [first]
    assert entries[0].verified


def test_it_backs_up_lists_verifies_and_restores_from_the_command_line(salon, bucket, tmp_path):
    out = StringIO()
    call_command("backup", "--to", str(bucket), stdout=out, stderr=StringIO())
    path = out.getvalue().strip()
    assert path.startswith(f"s3://{bucket.bucket}/salon-backups/rose-thorn/")
    out = StringIO()
    call_command("backups", "--to", str(bucket), stdout=out)
    assert f"yes       {path}\n" in out.getvalue()  # verified, named as restore takes it
    assert f"Backups in {bucket}:" in out.getvalue()
    out = StringIO()
    call_command("verify", path, stdout=out, stderr=StringIO())
    assert out.getvalue().startswith("OK ")

    Business.objects.filter(pk=salon.business.pk).update(name="Renamed")
    call_command(
        "restore",
        path,
        "--yes",
        "--to",
        str(tmp_path / "safety"),
        stdout=StringIO(),
        stderr=StringIO(),
    )
    assert Business.objects.get(pk=salon.business.pk).name == "Rose & Thorn"


def test_it_gives_clear_command_errors_for_a_bad_bucket(salon, bucket):
    with pytest.raises(CommandError, match="not a backup location"):
        call_command("backup", "--to", "s3://Bad_Name/x", stdout=StringIO())
    with pytest.raises(CommandError, match="no published backup"):
        call_command("verify", f"{bucket}/rose-thorn/20260101T000000Z-manual", stdout=StringIO())
    with pytest.raises(CommandError, match="There is no bucket"):
        call_command("backups", "--to", "s3://missing-bucket-x", stdout=StringIO())
