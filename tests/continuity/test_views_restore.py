"""Restoring from the web page: a listed backup or an uploaded .salonkeep file, verified
first, confirmed by typing the salon's name, owners only; bad input changes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from salonkeep.clients.models import Client
from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.export import export_backup
from salonkeep.continuity.manifest import DATA_FILE
from salonkeep.continuity.runs import run_backup, settings_for

pytestmark = pytest.mark.django_db(transaction=True)

URL = reverse("continuity:restore")


@pytest.fixture
def backups(salon, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    rules = settings_for(salon.business)
    rules.location = str(folder)
    rules.save()
    return folder


@pytest.fixture
def backup(salon, backups):
    """A backup with Alice only; Bob is added after it."""
    _, outcome = run_backup(salon.business, "manual")
    Client.objects.create(business=salon.business, first_name="Bob", last_name="Later")
    return outcome.path


def client_names(business):
    return sorted(Client.objects.filter(business=business).values_list("first_name", flat=True))


def check(http, name):
    return http.post(URL, {"step": "check", "source": "listed", "backup": name})


def confirm(http, name, typed):
    return http.post(
        URL, {"step": "restore", "source": "listed", "backup": name, "confirm_name": typed}
    )


def upload(http, content, name="rose-thorn.salonkeep"):
    return http.post(
        URL,
        {"step": "check", "source": "upload", "backup_file": SimpleUploadedFile(name, content)},
    )


def test_it_lists_the_backups_to_choose_from(as_owner, backup):
    page = as_owner.get(URL).content.decode()
    assert f'value="{backup.name}"' in page


def test_it_shows_what_the_backup_is_before_restoring(as_owner, salon, backup):
    response = check(as_owner, backup.name)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Rose &amp; Thorn (rose-thorn)" in page
    assert "Clients: 2" in page  # what it replaces
    assert "Type the salon&#x27;s name to confirm" in page
    assert client_names(salon.business) == ["Alice", "Bob"]


def test_it_restores_a_listed_backup_and_logs_out(as_owner, salon, backup, backups):
    response = confirm(as_owner, backup.name, "rose & thorn")
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client_names(salon.business) == ["Alice"]
    safety = [p.name for p in (backups / salon.business.slug).iterdir()]
    assert any(name.endswith("-before_restore") for name in safety)
    follow = as_owner.get(reverse("login"))
    assert "was restored from the backup" in follow.content.decode()
    assert as_owner.get(reverse("book:day")).status_code == 302  # logged out


def test_it_refuses_the_wrong_name(as_owner, salon, backup):
    response = confirm(as_owner, backup.name, "Rose and Thorn")
    assert response.status_code == 400
    assert "That is not the salon&#x27;s name" in response.content.decode()
    assert client_names(salon.business) == ["Alice", "Bob"]


def test_it_restores_an_uploaded_file(as_owner, salon, backup):
    response = upload(as_owner, export_backup(backup).read_bytes())
    assert response.status_code == 200
    assert "Rose &amp; Thorn (rose-thorn)" in response.content.decode()
    response = as_owner.post(
        URL, {"step": "restore", "source": "upload", "confirm_name": "Rose & Thorn"}
    )
    assert response.status_code == 302
    assert client_names(salon.business) == ["Alice"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some text, not a backup" * 100, "not a Salonkeep backup file"),
        (b"", "not a Salonkeep backup file"),
    ],
)
def test_it_refuses_a_file_that_is_not_a_backup(as_owner, salon, backup, content, message):
    response = upload(as_owner, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client_names(salon.business) == ["Alice", "Bob"]


def test_it_refuses_a_damaged_backup(as_owner, salon, backup, tmp_path):
    data = backup / DATA_FILE
    damaged = bytearray(data.read_bytes())
    damaged[5000] ^= 0xFF
    data.write_bytes(bytes(damaged))
    response = upload(as_owner, export_backup(backup).read_bytes())
    assert response.status_code == 400
    assert "not a usable backup" in response.content.decode()
    assert client_names(salon.business) == ["Alice", "Bob"]


def test_it_refuses_another_salons_backup(as_owner, salon, other, backup, tmp_path):
    theirs = take_backup(other.business, tmp_path / "elsewhere", trigger="manual").path
    response = upload(as_owner, export_backup(theirs).read_bytes())
    assert response.status_code == 400
    assert "This is a backup of Other Salon" in response.content.decode()
    assert client_names(salon.business) == ["Alice", "Bob"]


def test_it_refuses_a_restore_without_a_choice_or_upload(as_owner, salon, backup):
    assert "Choose a backup" in check(as_owner, "").content.decode()
    response = as_owner.post(URL, {"step": "check", "source": "upload"})
    assert "Choose a .salonkeep file" in response.content.decode()
    response = as_owner.post(
        URL, {"step": "restore", "source": "upload", "confirm_name": "Rose & Thorn"}
    )
    assert response.status_code == 400
    assert "no longer here" in response.content.decode()
    assert confirm(as_owner, "../../etc", "Rose & Thorn").status_code == 404
    assert client_names(salon.business) == ["Alice", "Bob"]


@pytest.mark.parametrize("client_name", ["as_manager", "as_front_desk", "as_stylist"])
def test_it_is_for_the_owner_only(request, salon, backup, client_name):
    http = request.getfixturevalue(client_name)
    assert http.get(URL).status_code == 403
    assert confirm(http, backup.name, "Rose & Thorn").status_code == 403
    assert client_names(salon.business) == ["Alice", "Bob"]


def test_it_sends_anonymous_visitors_to_log_in(client, salon):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_refuses_other_methods(as_owner, salon):
    assert as_owner.put(URL).status_code == 405
