"""Client photos in backups: listed in the manifest, kept once per salon by content hash
in the location, checked, restored before the rows that refer to them, pruned when no
backup lists them, carried in exported files; in folders and in buckets."""

from __future__ import annotations

import io
import json
import os
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from salonkeep.clients.models import ClientPhoto
from salonkeep.clients.photo_store import photo_path, photos_root, store_photo
from salonkeep.continuity.backup import BackupError, take_backup
from salonkeep.continuity.export import export_backup, unpack_backup_file
from salonkeep.continuity.locations import list_location_backups, local_backup_folder
from salonkeep.continuity.manifest import MANIFEST_FILE
from salonkeep.continuity.restore import RestoreError, restore_backup
from salonkeep.continuity.runs import run_backup
from salonkeep.continuity.verify import verify_backup
from tests.continuity.helpers import all_rows
from tests.continuity.test_restore import wipe

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def home(settings, tmp_path):
    settings.SALONKEEP_HOME = tmp_path / "home"
    return settings.SALONKEEP_HOME


def add_photo(salon, content: bytes, caption=""):
    sha256, size = store_photo(io.BytesIO(content))
    return ClientPhoto.objects.create(
        business=salon.business,
        client=salon.client,
        sha256=sha256,
        size=size,
        content_type="image/jpeg",
        caption=caption,
    )


@pytest.fixture
def photos(salon, home):
    return [add_photo(salon, f"photo {n} ".encode() * (500 + n)) for n in range(3)]


def stored(folder):
    return {path.name: path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_it_lists_every_photo_in_the_manifest(salon, photos, location):
    add_photo(salon, b"photo 0 " * 500, caption="the same picture again")
    path = take_backup(salon.business, location).path
    manifest = json.loads((path / MANIFEST_FILE).read_text())
    assert manifest["format_version"] == 2
    assert manifest["photos"] == {photo.sha256: photo.size for photo in photos}
    shared = location / "rose-thorn" / "photos"
    assert stored(shared) == {p.sha256: photo_path(p.sha256).read_bytes() for p in photos}
    assert (shared / photos[0].sha256[:2] / photos[0].sha256).is_file()


def test_it_round_trips_every_photo(salon, photos, location, home):
    path = take_backup(salon.business, location).path
    rows = all_rows("default", salon.business.pk)
    originals = {photo.sha256: photo_path(photo.sha256).read_bytes() for photo in photos}
    wipe(salon.business.pk)
    shutil.rmtree(photos_root())  # a new computer: no photos at all
    restore_backup(path, safety_location=location)
    assert all_rows("default", salon.business.pk) == rows
    assert {sha: photo_path(sha).read_bytes() for sha in originals} == originals


def test_it_keeps_one_copy_of_each_photo_for_many_backups(salon, photos, location):
    for _ in range(25):
        take_backup(salon.business, location, keep=25)
    assert len(list_location_backups(location, "rose-thorn", thorough=False)) == 25
    shared = location / "rose-thorn" / "photos"
    files = [path for path in shared.rglob("*") if path.is_file()]
    assert len(files) == 3
    photo_bytes = sum(path.stat().st_size for path in files)
    assert photo_bytes == sum(photo.size for photo in photos)
    everything = sum(path.stat().st_size for path in location.rglob("*") if path.is_file())
    database_bytes = everything - photo_bytes
    assert photo_bytes > 0 and database_bytes > 0


def test_it_removes_photos_no_kept_backup_lists(salon, photos, location):
    take_backup(salon.business, location, keep=1)
    gone = photos[0]
    gone.delete()
    take_backup(salon.business, location, keep=1)
    shared = location / "rose-thorn" / "photos"
    assert set(stored(shared)) == {photos[1].sha256, photos[2].sha256}
    assert photo_path(gone.sha256).is_file()  # the live store keeps it


@pytest.mark.parametrize("damage", ["missing", "bit_flip", "cut_short"])
def test_it_refuses_a_backup_whose_photo_is_damaged(salon, photos, location, damage):
    path = take_backup(salon.business, location).path
    victim = location / "rose-thorn" / "photos" / photos[1].sha256[:2] / photos[1].sha256
    if damage == "missing":
        victim.unlink()
    elif damage == "bit_flip":
        content = bytearray(victim.read_bytes())
        content[10] ^= 0x01
        victim.write_bytes(bytes(content))
    else:
        victim.write_bytes(victim.read_bytes()[:-1])
    full = verify_backup(path, full=True)
    assert not full.ok
    assert any(photos[1].sha256[:12] in problem for problem in full.problems)
    if damage != "bit_flip":  # a size check finds the others
        assert not verify_backup(path, thorough=False).ok
    with pytest.raises(CommandError):
        call_command("verify", str(path), "--full", stdout=StringIO(), stderr=StringIO())
    before = all_rows("default", salon.business.pk)
    ClientPhoto.objects.filter(pk=photos[0].pk).delete()
    with pytest.raises(RestoreError, match="did not verify"):
        restore_backup(path, safety_location=location)
    assert not ClientPhoto.objects.filter(pk=photos[0].pk).exists()  # nothing changed
    assert all_rows("default", salon.business.pk) != before


def test_it_refuses_to_back_up_when_a_photo_has_vanished(salon, photos, location):
    take_backup(salon.business, location)
    first = list_location_backups(location, "rose-thorn")
    photo_path(photos[2].sha256).unlink()
    run, outcome = run_backup(salon.business, "manual", location=location)
    assert outcome is None
    assert f"The client photo {photos[2].sha256[:12]}… is missing from the photo store" in (
        run.error
    )
    assert list_location_backups(location, "rose-thorn") == first


def test_it_refuses_to_back_up_when_a_photo_vanishes_while_copying(
    salon, photos, location, monkeypatch
):
    from salonkeep.continuity import photos as photo_module

    real_copy = photo_module.copy_photo

    def vanish_then_copy(source, target, sha256, size):
        source.unlink()
        return real_copy(source, target, sha256, size)

    monkeypatch.setattr(photo_module, "copy_photo", vanish_then_copy)
    with pytest.raises(BackupError, match="disappeared from"):
        take_backup(salon.business, location)
    assert list_location_backups(location, "rose-thorn") == []
    assert not list((location / "rose-thorn").glob(".incoming-*"))


def test_it_refuses_a_damaged_photo_in_the_live_store(salon, photos, location):
    live = photo_path(photos[0].sha256)
    os.chmod(live, 0o644)
    content = bytearray(live.read_bytes())
    content[0] ^= 0xFF
    live.write_bytes(bytes(content))
    with pytest.raises(BackupError, match="is damaged"):
        take_backup(salon.business, location)
    assert list_location_backups(location, "rose-thorn") == []


def test_it_encrypts_the_photos_of_an_encrypted_backup(salon, photos, location, tmp_path):
    passphrase = "long enough phrase"
    path = take_backup(salon.business, location, passphrase=passphrase).path
    assert not (location / "rose-thorn" / "photos").exists()  # nothing in plain text
    names = {item.name for item in path.iterdir()}
    assert {f"photo-{photo.sha256}.age" for photo in photos} <= names
    assert "photos-key.age" in names
    for photo in photos:
        secret = photo_path(photo.sha256).read_bytes()[:64]
        assert all(secret not in item.read_bytes() for item in path.iterdir())
    assert verify_backup(path, passphrase=passphrase).ok

    exported = export_backup(path)
    unpacked = unpack_backup_file(exported, tmp_path / "unpacked")
    shutil.rmtree(exported.parent)
    wipe(salon.business.pk)
    shutil.rmtree(photos_root())
    with pytest.raises(RestoreError, match="Wrong passphrase"):
        restore_backup(unpacked, safety_location=location, passphrase="another phrase!")
    assert not photos_root().exists()  # refused before any photo was written
    restore_backup(unpacked, safety_location=location, passphrase=passphrase)
    assert {photo_path(p.sha256).read_bytes() for p in photos} == {
        f"photo {n} ".encode() * (500 + n) for n in range(3)
    }


def test_it_exports_the_photos_with_the_backup(salon, photos, location, home, tmp_path):
    path = take_backup(salon.business, location).path
    exported = export_backup(path)
    unpacked = unpack_backup_file(exported, tmp_path / "unpacked")
    shutil.rmtree(exported.parent)
    assert verify_backup(unpacked, full=True).ok
    wipe(salon.business.pk)
    shutil.rmtree(photos_root())
    restore_backup(unpacked, safety_location=location)
    assert all(photo_path(photo.sha256).is_file() for photo in photos)


def test_it_round_trips_photos_through_a_bucket(salon, photos, bucket, s3_server):
    first = take_backup(salon.business, bucket, keep=2).path
    take_backup(salon.business, bucket, keep=2)
    photo_keys = [key for key in s3_server.keys(bucket.bucket) if "/photos/" in key]
    assert len(photo_keys) == 3  # shared by both backups
    entries = list_location_backups(bucket, "rose-thorn")  # thorough: photos re-hashed
    assert [entry.verified for entry in entries] == [True, True]

    # A missing photo in the bucket makes its backups unusable.
    (victim,) = [key for key in photo_keys if key.endswith(photos[0].sha256)]
    s3_server.client().delete_object(Bucket=bucket.bucket, Key=victim)
    quick = list_location_backups(bucket, "rose-thorn", thorough=False)
    (problems,) = {tuple(entry.problems) for entry in quick}
    assert problems == (f"photo {photos[0].sha256[:12]}… is missing from the bucket",)
    thorough = list_location_backups(bucket, "rose-thorn")
    assert not any(entry.verified for entry in thorough)
    with local_backup_folder(first) as folder, pytest.raises(RestoreError):
        restore_backup(folder)

    # The next backup puts it back; a restore then brings every photo home.
    newest = take_backup(salon.business, bucket, keep=2).path
    rows = all_rows("default", salon.business.pk)
    wipe(salon.business.pk)
    shutil.rmtree(photos_root())
    with local_backup_folder(newest) as folder:
        restore_backup(folder)
    assert all_rows("default", salon.business.pk) == rows
    assert all(photo_path(photo.sha256).is_file() for photo in photos)


def test_it_removes_photos_no_kept_backup_lists_from_a_bucket(salon, photos, bucket, s3_server):
    take_backup(salon.business, bucket, keep=1)
    photos[0].delete()
    take_backup(salon.business, bucket, keep=1)
    left = {key.rsplit("/", 1)[-1] for key in s3_server.keys(bucket.bucket) if "/photos/" in key}
    assert left == {photos[1].sha256, photos[2].sha256}
    assert photo_path(photos[0].sha256).is_file()  # the live store keeps it
