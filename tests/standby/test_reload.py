"""Picking up newer snapshots without a restart, and never a bad one."""

from __future__ import annotations

import json
import logging
import shutil

import pytest
from django.utils import timezone

from salonkeep.clients.models import Client
from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.manifest import DATA_FILE, MANIFEST_FILE
from salonkeep.standby.publishing import STANDBY_FOLDER
from tests.continuity.helpers import rewrite_manifest
from tests.standby.conftest import publish, standby_login

pytestmark = pytest.mark.django_db(transaction=True)


def newest_standby_folder(location, salon):
    folders = sorted((location / STANDBY_FOLDER / salon.business.slug).glob("2*"))
    return folders[-1]


def add_client(salon, first_name):
    Client.objects.create(business=salon.business, first_name=first_name, last_name="Newcomer")


def found(http, name):
    return name in http.get("/clients/", {"q": "Newcomer"}).content.decode()


def test_it_switches_to_a_newer_snapshot_without_a_restart(standby, salon, location):
    http = standby_login("owner")
    add_client(salon, "Nina")
    assert not found(http, "Nina")
    assert publish(salon, location) == "published"
    events = standby.refresh(timezone.now())
    assert any("serving" in event for event in events)
    assert found(http, "Nina")


def test_it_keeps_serving_the_old_files_until_two_switches_later(standby, salon, location):
    first = standby.all()[0].folder
    add_client(salon, "Nina")
    publish(salon, location)
    standby.refresh(timezone.now())
    assert first.exists()  # a request that started before the switch may still read it
    add_client(salon, "Nora")
    publish(salon, location)
    standby.refresh(timezone.now())
    assert not first.exists()


def test_it_prefers_a_newer_retained_backup(standby, salon, location):
    add_client(salon, "Nina")
    take_backup(salon.business, location)
    standby.refresh(timezone.now())
    assert standby.all()[0].origin.startswith(f"{salon.business.slug}/")
    assert found(standby_login("owner"), "Nina")


def damage_data(folder):
    data = folder / DATA_FILE
    raw = bytearray(data.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    data.write_bytes(bytes(raw))


def cut_short(folder):
    data = folder / DATA_FILE
    data.write_bytes(data.read_bytes()[:4096])


def remove_manifest(folder):
    (folder / MANIFEST_FILE).unlink()


def foreign_slug(folder):
    rewrite_manifest(folder, lambda document: document["business"].update(slug="elsewhere"))


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (damage_data, "does not match its SHA-256"),
        (cut_short, "cut short"),
        (remove_manifest, "manifest.json is missing"),
        (foreign_slug, "the manifest names business elsewhere"),
    ],
)
def test_it_ignores_a_bad_snapshot_with_a_logged_reason(
    standby, salon, location, caplog, spoil, reason
):
    served = standby.all()[0].origin
    add_client(salon, "Nina")
    publish(salon, location)
    spoil(newest_standby_folder(location, salon))
    with caplog.at_level(logging.WARNING, logger="salonkeep.standby"):
        events = standby.refresh(timezone.now())
    assert standby.all()[0].origin == served
    assert any(reason in event for event in events), events
    assert any(reason in record.getMessage() for record in caplog.records)
    assert not found(standby_login("owner"), "Nina")
    # Reported once, not at every check.
    assert standby.refresh(timezone.now()) == []


@pytest.mark.parametrize("relabel", [False, True])
def test_it_ignores_a_snapshot_of_another_salon_in_its_folder(
    standby, salon, other, location, relabel
):
    served = standby.get(salon.business.slug).origin
    publish(other, location)
    stranger = newest_standby_folder(location, other)
    target = location / STANDBY_FOLDER / salon.business.slug / "20991231T000000Z-schedule"
    shutil.copytree(stranger, target)
    if relabel:
        rewrite_manifest(
            target, lambda document: document["business"].update(slug=salon.business.slug)
        )
    events = standby.refresh(timezone.now())
    assert standby.get(salon.business.slug).origin == served
    expected = "the manifest names business" if relabel else "belongs to another salon"
    assert any(expected in event for event in events), events


def test_it_ignores_a_snapshot_of_a_different_salon_with_the_same_name(
    standby, salon, location, monkeypatch
):
    served = standby.all()[0]
    add_client(salon, "Nina")
    publish(salon, location)
    # As if the folder now held a salon of another installation that has the same slug.
    monkeypatch.setattr(type(served), "business_id", property(lambda self: -1))
    events = standby.refresh(timezone.now())
    assert standby.all()[0].origin == served.origin
    assert any("different salon" in event for event in events), events


def test_it_ignores_half_written_snapshots(standby, salon, location):
    served = standby.all()[0].origin
    incoming = location / STANDBY_FOLDER / salon.business.slug / ".incoming-abc"
    shutil.copytree(newest_standby_folder(location, salon), incoming)
    (incoming / MANIFEST_FILE).write_text(json.dumps({"format_version": 1}))
    assert standby.refresh(timezone.now()) == []
    assert standby.all()[0].origin == served


def test_it_keeps_serving_when_the_location_disappears(standby, salon, location):
    served = standby.all()[0].origin
    shutil.rmtree(location)
    standby.refresh(timezone.now())
    assert standby.all()[0].origin == served
    assert standby_login("owner").get("/").status_code == 200


def test_it_tries_again_a_snapshot_it_could_not_copy(standby, salon, location, monkeypatch):
    from salonkeep.standby import sources

    add_client(salon, "Nina")
    publish(salon, location)
    real_copy = shutil.copyfile

    def share_gone(source, target):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(sources.shutil, "copyfile", share_gone)
    events = standby.refresh(timezone.now())
    assert any("not read this time" in event for event in events), events
    monkeypatch.setattr(sources.shutil, "copyfile", real_copy)
    standby.refresh(timezone.now())
    assert found(standby_login("owner"), "Nina")


def test_it_serves_a_salon_with_client_photos(settings, standby, salon, location, tmp_path):
    import io

    from salonkeep.clients.models import ClientPhoto
    from salonkeep.clients.photo_store import store_photo

    settings.SALONKEEP_HOME = tmp_path / "home"
    sha256, size = store_photo(io.BytesIO(b"\xff\xd8 a colour result"))
    ClientPhoto.objects.create(
        business=salon.business,
        client=salon.client,
        sha256=sha256,
        size=size,
        content_type="image/jpeg",
    )
    add_client(salon, "Nina")
    assert publish(salon, location) == "published"
    events = standby.refresh(timezone.now())
    assert any("serving" in event for event in events), events
    assert found(standby_login("owner"), "Nina")
