"""The outage pack page: settings, the "write it now" button, the record of packs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from salonkeep.continuity.runs import settings_for
from salonkeep.printouts.models import OutagePackRun, OutagePackSettings, PackStatus
from salonkeep.printouts.schedule import claim, pack_settings_for, write_pack_everywhere
from tests.printouts.helpers import NOW

URL = "/print/outage-pack/"
NOW_URL = "/print/outage-pack/write/"


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def location(salon, tmp_path):
    backup_settings = settings_for(salon.business)
    backup_settings.location = str(tmp_path)
    backup_settings.save()
    return tmp_path


@pytest.mark.parametrize("client_fixture", ["as_owner", "as_manager"])
def test_it_shows_the_settings_to_managers_without_writing_anything(salon, client_fixture, request):
    response = request.getfixturevalue(client_fixture).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="19:00"' in html and "Write the outage pack now" in html
    assert "Tuesday 24 November" in html
    assert not OutagePackSettings.objects.exists()


@pytest.mark.parametrize("client_fixture", ["as_front_desk", "as_stylist"])
def test_it_is_for_managers_only(salon, client_fixture, request, location):
    http = request.getfixturevalue(client_fixture)
    assert http.get(URL).status_code == 403
    assert http.post(URL, {"enabled": "on", "at": "20:00"}).status_code == 403
    assert http.post(NOW_URL).status_code == 403
    assert not OutagePackSettings.objects.exists() and not OutagePackRun.objects.exists()


def test_it_sends_anonymous_visitors_to_log_in(salon, client):
    for response in (client.get(URL), client.post(NOW_URL)):
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_saves_the_time_and_reschedules(salon, as_owner):
    response = as_owner.post(URL, {"enabled": "on", "at": "20:30"})
    assert response.status_code == 302
    pack_settings = OutagePackSettings.objects.get(business=salon.business)
    assert pack_settings.at.strftime("%H:%M") == "20:30"
    assert pack_settings.next_due_at == datetime(2026, 11, 23, 20, 30, tzinfo=UTC)
    as_owner.post(URL, {"at": "20:30"})
    pack_settings.refresh_from_db()
    assert pack_settings.enabled is False and pack_settings.next_due_at is None


@pytest.mark.parametrize("bad", ["25:99", "evening", "", "1" * 300])
def test_it_refuses_a_bad_time(salon, as_owner, bad):
    pack_settings_for(salon.business)
    response = as_owner.post(URL, {"enabled": "on", "at": bad})
    assert response.status_code == 200
    assert response.context["form"].errors["at"]
    assert OutagePackSettings.objects.get().at.strftime("%H:%M") == "19:00"


def test_it_writes_the_pack_now(salon, as_manager, location):
    response = as_manager.post(NOW_URL, follow=True)
    folder = location / "rose-thorn" / "outage-pack" / "2026-11-24"
    assert len(list(folder.glob("*.pdf"))) == 5
    [run] = OutagePackRun.objects.all()
    assert (run.status, run.trigger, run.folder) == (PackStatus.WRITTEN, "manual", str(folder))
    html = response.content.decode()
    assert "Outage pack for Tuesday 24 November written to" in html
    assert str(folder) in html


def test_it_shows_a_failed_pack_here_and_in_the_book(salon, as_owner, tmp_path):
    backup_settings = settings_for(salon.business)
    backup_settings.location = str(tmp_path / "unplugged")
    backup_settings.save()
    response = as_owner.post(NOW_URL, follow=True)
    html = response.content.decode()
    assert "The outage pack could not be written: There is no folder" in html
    assert "Failed:" in html
    assert OutagePackRun.objects.get().status == PackStatus.FAILED
    assert "Outage pack failed" in as_owner.get("/").content.decode()


def test_it_does_not_write_twice_at_once(salon, as_owner, location):
    claim(pack_settings_for(salon.business).pk, NOW, only_if_due=False)
    response = as_owner.post(NOW_URL, follow=True)
    assert "being written right now" in response.content.decode()
    assert not OutagePackRun.objects.exists()


def test_it_shows_only_this_business_packs(salon, other, as_owner, location, tmp_path):
    other_settings = settings_for(other.business)
    other_settings.location = str(tmp_path / "missing")
    other_settings.save()
    write_pack_everywhere(other.business, NOW.date(), "manual")
    assert "Failed:" not in as_owner.get(URL).content.decode()


def test_it_refuses_other_methods(salon, as_owner):
    assert as_owner.get(NOW_URL).status_code == 405
    assert as_owner.put(URL).status_code == 405
    assert as_owner.delete(URL).status_code == 405
