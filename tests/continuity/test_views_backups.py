"""The backups page, "Backup now" and downloading a backup as one file."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.urls import reverse

from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.manifest import DATA_FILE, MANIFEST_FILE, SUMS_FILE
from salonkeep.continuity.models import BackupRun, RunStatus
from salonkeep.continuity.runs import run_backup, settings_for

pytestmark = pytest.mark.django_db(transaction=True)

LIST = reverse("continuity:list")
NOW = reverse("continuity:now")


def use_location(business, folder):
    folder.mkdir(parents=True, exist_ok=True)
    rules = settings_for(business)
    rules.location = str(folder)
    rules.save()
    return folder


@pytest.fixture
def backups(salon, tmp_path):
    return use_location(salon.business, tmp_path / "backups")


def download_url(folder):
    return reverse("continuity:download", args=[folder.name])


def test_it_lists_backups_and_attempts_in_local_time(as_manager, salon, backups, time_machine):
    time_machine.move_to("2026-07-01T13:05:00Z")  # 14:05 in London (summer time)
    _, outcome = run_backup(salon.business, "manual")
    page = as_manager.get(LIST).content.decode()
    assert outcome.path.name in page  # the download link
    assert "1 Jul 2026 14:05" in page
    assert "Verified" in page
    assert str(backups) in page


def test_it_shows_a_failed_attempt_with_its_reason(as_owner, salon, backups):
    BackupRun.objects.create(
        business=salon.business,
        trigger="schedule",
        started_at="2026-11-23T10:00:00Z",
        status=RunStatus.FAILED,
        location=str(backups),
        error="The disk is full",
    )
    page = as_owner.get(LIST).content.decode()
    assert "Failed" in page and "The disk is full" in page


def test_it_backs_up_now(as_manager, salon, backups):
    response = as_manager.post(NOW, follow=True)
    run = BackupRun.objects.get(business=salon.business)
    assert run.status == RunStatus.VERIFIED and run.trigger == "manual"
    assert f"Backup made and verified: {run.path}" in response.content.decode()
    assert (backups / salon.business.slug).is_dir()


def test_it_reports_a_failed_backup_with_the_reason(as_owner, salon, tmp_path):
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    rules = settings_for(salon.business)
    rules.location = str(a_file)
    rules.save()
    response = as_owner.post(NOW, follow=True)
    run = BackupRun.objects.get(business=salon.business)
    assert run.status == RunStatus.FAILED
    assert "The backup failed:" in response.content.decode()
    assert run.error[:40] in response.content.decode()


def test_it_goes_back_to_a_safe_next_page_only(as_owner, salon, backups):
    assert as_owner.post(NOW, {"next": "/clients/"})["Location"] == "/clients/"
    assert as_owner.post(NOW, {"next": "https://evil.example/"})["Location"] == LIST


def test_it_downloads_a_backup_as_one_named_file(as_owner, salon, backups, time_machine):
    time_machine.move_to("2026-11-23T14:00:00Z")
    _, outcome = run_backup(salon.business, "manual")
    response = as_owner.get(download_url(outcome.path))
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="rose-thorn-2026-11-23-1400.salonkeep"'
    )
    body = b"".join(response.streaming_content)
    response.close()
    assert int(response["Content-Length"]) == len(body)
    with tarfile.open(fileobj=io.BytesIO(body)) as archive:
        assert sorted(archive.getnames()) == sorted([DATA_FILE, MANIFEST_FILE, SUMS_FILE])


def test_it_does_not_download_another_salons_backup(as_owner, salon, other, backups):
    other_backup = take_backup(other.business, backups, trigger="manual").path
    assert as_owner.get(download_url(other_backup)).status_code == 404
    assert as_owner.get(reverse("continuity:download", args=[".."])).status_code == 404
    assert as_owner.get(reverse("continuity:download", args=["nothing"])).status_code == 404


@pytest.mark.parametrize("client_name", ["as_front_desk", "as_stylist"])
def test_it_is_only_for_owners_and_managers(request, salon, backups, client_name):
    _, outcome = run_backup(salon.business, "manual")
    http = request.getfixturevalue(client_name)
    assert http.get(LIST).status_code == 403
    assert http.post(NOW).status_code == 403
    assert http.get(download_url(outcome.path)).status_code == 403
    assert BackupRun.objects.filter(business=salon.business).count() == 1


def test_it_sends_anonymous_visitors_to_log_in(client, salon):
    for url in (LIST, NOW, reverse("continuity:download", args=["x"])):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_refuses_other_methods(as_owner, salon, backups):
    assert as_owner.post(LIST).status_code == 405
    assert as_owner.get(NOW).status_code == 405
    assert as_owner.post(reverse("continuity:download", args=["x"])).status_code == 405
    assert not BackupRun.objects.exists()


def test_it_is_in_the_menu_for_managers_only(as_manager, as_front_desk, salon):
    assert f'href="{LIST}"' in as_manager.get(reverse("book:day")).content.decode()
    assert f'href="{LIST}"' not in as_front_desk.get(reverse("book:day")).content.decode()
