"""Restoring an encrypted backup from the web page: the owner gives the passphrase on the
confirmation page; a wrong one changes nothing and is asked for again; the passphrase is
never put back into the page, the session or the logs."""

from __future__ import annotations

import logging
import shutil

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from salonkeep.clients.models import Client
from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.export import export_backup
from salonkeep.continuity.runs import settings_for

pytestmark = pytest.mark.django_db(transaction=True)

URL = reverse("continuity:restore")
PASSPHRASE = "Heron-Velvet-Lantern-93"


@pytest.fixture
def backups(salon, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    rules = settings_for(salon.business)
    rules.location = str(folder)
    rules.save()
    return folder


@pytest.fixture
def encrypted(salon, backups):
    """An encrypted backup with Alice only; Bob is added after it."""
    outcome = take_backup(salon.business, backups, trigger="manual", passphrase=PASSPHRASE)
    Client.objects.create(business=salon.business, first_name="Bob", last_name="Later")
    return outcome.path


def client_names(business):
    return sorted(Client.objects.filter(business=business).values_list("first_name", flat=True))


def restore_listed(http, name, passphrase, typed="Rose & Thorn"):
    return http.post(
        URL,
        {
            "step": "restore",
            "source": "listed",
            "backup": name,
            "confirm_name": typed,
            "passphrase": passphrase,
        },
    )


def test_it_marks_encrypted_backups_in_the_list(as_owner, encrypted):
    page = as_owner.get(URL).content.decode()
    assert f'value="{encrypted.name}"' in page
    assert "· encrypted" in page


def test_it_asks_for_the_passphrase_before_restoring(as_owner, salon, encrypted):
    response = as_owner.post(URL, {"step": "check", "source": "listed", "backup": encrypted.name})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="password" name="passphrase"' in page
    assert "This backup is encrypted" in page
    assert client_names(salon.business) == ["Alice", "Bob"]


def test_it_restores_a_listed_encrypted_backup(as_owner, salon, encrypted, caplog):
    caplog.set_level(logging.DEBUG)
    response = restore_listed(as_owner, encrypted.name, PASSPHRASE)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert client_names(salon.business) == ["Alice"]
    assert PASSPHRASE not in caplog.text


def test_it_restores_an_uploaded_encrypted_file(as_owner, salon, encrypted):
    exported = export_backup(encrypted)
    content = exported.read_bytes()
    shutil.rmtree(exported.parent)
    response = as_owner.post(
        URL,
        {
            "step": "check",
            "source": "upload",
            "backup_file": SimpleUploadedFile("rose-thorn.salonkeep", content),
        },
    )
    assert response.status_code == 200
    assert 'name="passphrase"' in response.content.decode()
    # A wrong passphrase first: asked again, the upload is kept, nothing changes.
    response = as_owner.post(
        URL,
        {
            "step": "restore",
            "source": "upload",
            "confirm_name": "Rose & Thorn",
            "passphrase": "not-the-passphrase",
        },
    )
    assert response.status_code == 400
    assert "Wrong passphrase" in response.content.decode()
    assert client_names(salon.business) == ["Alice", "Bob"]
    response = as_owner.post(
        URL,
        {
            "step": "restore",
            "source": "upload",
            "confirm_name": "Rose & Thorn",
            "passphrase": PASSPHRASE,
        },
    )
    assert response.status_code == 302
    assert client_names(salon.business) == ["Alice"]


def test_it_refuses_a_wrong_passphrase_and_changes_nothing(as_owner, salon, encrypted, caplog):
    caplog.set_level(logging.DEBUG)
    wrong = "Almost-The-Right-One-93"
    response = restore_listed(as_owner, encrypted.name, wrong)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Wrong passphrase" in page
    assert "Nothing was restored" in page
    # The typed passphrase is never echoed back into the page, the session or the log.
    assert wrong not in page
    assert wrong not in str(dict(as_owner.session))
    assert wrong not in caplog.text
    assert client_names(salon.business) == ["Alice", "Bob"]
    assert not any(name.endswith("-before_restore") for name in _backup_names(encrypted))


def _backup_names(encrypted):
    return [path.name for path in encrypted.parent.iterdir()]


@pytest.mark.parametrize(
    ("passphrase", "message"),
    [("", "Enter the passphrase"), ("x" * 1025, "at most 1024")],
)
def test_it_refuses_a_missing_or_oversized_passphrase(
    as_owner, salon, encrypted, passphrase, message
):
    response = restore_listed(as_owner, encrypted.name, passphrase)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert client_names(salon.business) == ["Alice", "Bob"]


def test_it_still_needs_the_salon_name(as_owner, salon, encrypted):
    response = restore_listed(as_owner, encrypted.name, PASSPHRASE, typed="Somewhere Else")
    assert response.status_code == 400
    assert client_names(salon.business) == ["Alice", "Bob"]


@pytest.mark.parametrize("client_name", ["as_manager", "as_front_desk", "as_stylist"])
def test_it_is_for_the_owner_only(request, salon, encrypted, client_name):
    http = request.getfixturevalue(client_name)
    assert restore_listed(http, encrypted.name, PASSPHRASE).status_code == 403
    assert client_names(salon.business) == ["Alice", "Bob"]


def test_it_404s_for_a_backup_that_is_not_this_salons(as_owner, salon, other, encrypted, tmp_path):
    theirs = take_backup(other.business, tmp_path / "elsewhere", passphrase=PASSPHRASE).path
    assert restore_listed(as_owner, theirs.name, PASSPHRASE).status_code == 404
    assert client_names(salon.business) == ["Alice", "Bob"]
