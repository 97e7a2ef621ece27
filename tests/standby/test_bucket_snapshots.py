"""Standby snapshots published into an s3:// location, and a standby reading them
(a real S3-compatible server on loopback: `weed mini`)."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from salonkeep.clients.models import Client, ClientPhoto
from salonkeep.clients.photo_store import store_photo
from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.bucket import download
from salonkeep.continuity.bucket_backups import fetch_backup
from salonkeep.continuity.locations import list_location_backups
from salonkeep.continuity.models import BackupSettings
from salonkeep.continuity.runs import settings_for
from salonkeep.continuity.scheduler import claim
from salonkeep.continuity.verify import verify_backup
from salonkeep.standby import publishing, sources
from salonkeep.standby.publishing import PublishSchedule, publish_if_changed
from salonkeep.standby.registry import Standby
from salonkeep.standby.sources import open_source
from tests.continuity.s3server import bucket, s3_server  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)


def standby_keys(s3_server, bucket, salon):  # noqa: F811
    prefix = f"{bucket.prefix}/.standby/{salon.business.slug}/"
    return {
        key[len(prefix) :]: size
        for key, size in s3_server.keys(bucket.bucket).items()
        if key.startswith(prefix)
    }


def published_snapshots(s3_server, bucket, salon):  # noqa: F811
    return sorted(
        key.split("/")[0]
        for key in standby_keys(s3_server, bucket, salon)
        if key.endswith("/manifest.json")
    )


def confirmed(s3_server, bucket, salon):  # noqa: F811
    key = f"{bucket.prefix}/.standby/{salon.business.slug}/confirmed.json"
    return json.loads(s3_server.client().get_object(Bucket=bucket.bucket, Key=key)["Body"].read())


def test_it_publishes_a_verified_snapshot_into_the_bucket(salon, bucket, s3_server, tmp_path):  # noqa: F811
    assert publish_if_changed(salon.business, bucket, timezone.now()) == "published"
    (name,) = published_snapshots(s3_server, bucket, salon)
    assert confirmed(s3_server, bucket, salon)["snapshot"] == name
    snapshot = bucket.child(".standby", salon.business.slug, name)
    assert verify_backup(fetch_backup(snapshot, tmp_path / "check")).ok
    # Never mistaken for a retained backup, nor its salon folder for a salon.
    assert list_location_backups(bucket, thorough=False) == []


def test_it_only_confirms_when_nothing_changed_and_keeps_two(salon, bucket, s3_server):  # noqa: F811
    now = timezone.now()
    publish_if_changed(salon.business, bucket, now)
    later = now + timedelta(minutes=5)
    assert publish_if_changed(salon.business, bucket, later) == "unchanged"
    assert len(published_snapshots(s3_server, bucket, salon)) == 1
    confirmed_at = confirmed(s3_server, bucket, salon)["confirmed_at"]
    assert datetime.fromisoformat(confirmed_at) == later
    for number in range(2):
        Client.objects.create(business=salon.business, first_name=f"New {number}")
        assert publish_if_changed(salon.business, bucket, timezone.now()) == "published"
    names = published_snapshots(s3_server, bucket, salon)
    assert len(names) == 2
    assert confirmed(s3_server, bucket, salon)["snapshot"] == names[-1]


def test_it_leaves_the_work_to_whoever_holds_the_salons_lease(salon, bucket, s3_server):  # noqa: F811
    now = timezone.now()
    assert claim(settings_for(salon.business).pk, now, only_if_due=False)
    assert publish_if_changed(salon.business, bucket, now) == "busy"
    assert published_snapshots(s3_server, bucket, salon) == []


def test_it_releases_the_lease_after_publishing(salon, bucket):  # noqa: F811
    publish_if_changed(salon.business, bucket, timezone.now())
    assert BackupSettings.objects.get(business=salon.business).claimed_until is None


def test_the_job_publishes_for_a_salon_backing_up_to_a_bucket(
    salon,
    bucket,  # noqa: F811
    s3_server,  # noqa: F811
    monkeypatch,
):
    BackupSettings.objects.update_or_create(
        business=salon.business, defaults={"location": str(bucket)}
    )
    monkeypatch.setattr(publishing, "interval", lambda: timedelta(minutes=5))
    assert PublishSchedule().run(timezone.now()) == {salon.business.slug: "published"}
    assert len(published_snapshots(s3_server, bucket, salon)) == 1


def test_the_job_records_an_unreachable_bucket_and_goes_on(salon, bucket, settings, monkeypatch):  # noqa: F811
    settings.SALONKEEP_S3_ENDPOINT_URL = "http://127.0.0.1:9"  # nothing listens there
    BackupSettings.objects.update_or_create(
        business=salon.business, defaults={"location": str(bucket)}
    )
    monkeypatch.setattr(publishing, "interval", lambda: timedelta(minutes=5))
    assert PublishSchedule().run(timezone.now()) == {salon.business.slug: "failed"}


def served_origin(standby):
    (served,) = standby.all()
    return served.origin


def test_the_standby_prefers_a_newer_standby_snapshot_to_a_retained_backup(
    salon,
    bucket,  # noqa: F811
    tmp_path,
):
    take_backup(salon.business, bucket)
    Client.objects.create(business=salon.business, first_name="Nina", last_name="Newcomer")
    publish_if_changed(salon.business, bucket, timezone.now())
    source = open_source(str(bucket))
    assert source.slugs() == [salon.business.slug]
    standby = Standby(source, tmp_path / "work")
    try:
        standby.refresh(timezone.now())
        assert f"{bucket}/.standby/{salon.business.slug}/" in served_origin(standby)
        (served,) = standby.all()
        assert served.manifest.row_counts["clients_client"] == 2
        # A quiet afternoon: the live system confirms, the book's "as of" moves on.
        quiet = timezone.now() + timedelta(minutes=5)
        assert publish_if_changed(salon.business, bucket, quiet) == "unchanged"
        assert standby.refresh(quiet) == []
        (served,) = standby.all()
        assert served.as_of.replace(microsecond=0) == quiet.replace(microsecond=0)
        # A retained backup taken later is newer still: it wins.
        take_backup(salon.business, bucket)
        standby.refresh(timezone.now())
        assert "/.standby/" not in served_origin(standby)
    finally:
        standby.close()


def test_the_standby_ignores_a_damaged_standby_snapshot(salon, bucket, s3_server, tmp_path):  # noqa: F811
    take_backup(salon.business, bucket)
    standby = Standby(open_source(str(bucket)), tmp_path / "work")
    try:
        standby.refresh(timezone.now())
        retained = served_origin(standby)
        Client.objects.create(business=salon.business, first_name="Nina")
        publish_if_changed(salon.business, bucket, timezone.now())
        # Same size, other bytes: only the full verification of the copy notices.
        (key, size), *_ = [
            (key, size)
            for key, size in standby_keys(s3_server, bucket, salon).items()
            if key.endswith("/data.sqlite3")
        ]
        full_key = f"{bucket.prefix}/.standby/{salon.business.slug}/{key}"
        s3_server.client().put_object(Bucket=bucket.bucket, Key=full_key, Body=b"x" * size)
        events = standby.refresh(timezone.now())
        assert any("ignoring snapshot" in event and "/.standby/" in event for event in events)
        assert served_origin(standby) == retained
        assert standby.refresh(timezone.now()) == []  # refused once, not fetched again
    finally:
        standby.close()


def test_the_standby_downloads_no_photos(salon, bucket, tmp_path, monkeypatch):  # noqa: F811
    sha256, size = store_photo(io.BytesIO(b"a photo " * 400))
    ClientPhoto.objects.create(
        business=salon.business,
        client=salon.client,
        sha256=sha256,
        size=size,
        content_type="image/jpeg",
    )
    publish_if_changed(salon.business, bucket, timezone.now())
    downloaded = []

    def recording(client, where, key, target):
        downloaded.append(key)
        return download(client, where, key, target)

    monkeypatch.setattr(sources, "download", recording)
    standby = Standby(open_source(str(bucket)), tmp_path / "work")
    try:
        standby.refresh(timezone.now())
        (served,) = standby.all()
        assert served.manifest.photos == {sha256: size}
        assert sorted(key.rsplit("/", 1)[1] for key in downloaded) == [
            "SHA256SUMS",
            "data.sqlite3",
            "manifest.json",
        ]
    finally:
        standby.close()
