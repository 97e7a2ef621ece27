"""The web pages with a bucket as the backup location: settings, backups page, download
and restore, against a real S3-compatible server on loopback."""

from __future__ import annotations

import io
import tarfile

import pytest
from django.urls import reverse

from salonkeep.clients.models import Client
from salonkeep.continuity.manifest import DATA_FILE, MANIFEST_FILE, SUMS_FILE
from salonkeep.continuity.models import BackupSettings
from salonkeep.continuity.runs import configured_location, run_backup, settings_for
from tests.continuity.test_views_settings import form_data

pytestmark = pytest.mark.django_db(transaction=True)
SETTINGS = reverse("continuity:settings")


@pytest.fixture
def in_bucket(salon, bucket):
    rules = settings_for(salon.business)
    rules.location = str(bucket)
    rules.save()
    return bucket


def test_it_saves_a_bucket_as_the_location(as_owner, salon, bucket):
    response = as_owner.post(
        SETTINGS, form_data(location=f" {bucket}/ ", use_default_location=None)
    )
    assert response.status_code == 302, response.content.decode()
    rules = BackupSettings.objects.get(business=salon.business)
    assert rules.location == str(bucket)
    assert configured_location(rules) == bucket
    page = as_owner.get(SETTINGS).content.decode()
    assert str(bucket) in page
    assert "bucket reachable" in page


@pytest.mark.parametrize(
    ("location", "message"),
    [
        ("s3://Not_A_Bucket/x", "That is not a bucket address"),
        ("s3://no-such-bucket-here/x", "There is no bucket &#x27;no-such-bucket-here&#x27;"),
    ],
)
def test_it_refuses_a_bucket_it_cannot_use(as_owner, salon, bucket, location, message):
    response = as_owner.post(SETTINGS, form_data(location=location, use_default_location=None))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert BackupSettings.objects.get(business=salon.business).location == ""


def test_it_refuses_a_bucket_with_wrong_credentials(as_owner, salon, bucket, settings):
    settings.SALONKEEP_S3_SECRET_KEY = "wrong-secret"
    response = as_owner.post(SETTINGS, form_data(location=str(bucket), use_default_location=None))
    assert "refused the credentials" in response.content.decode()
    assert BackupSettings.objects.get(business=salon.business).location == ""


def test_it_lists_downloads_and_restores_backups_in_the_bucket(as_owner, salon, in_bucket):
    response = as_owner.post(reverse("continuity:now"))
    assert response.status_code == 302
    page = as_owner.get(reverse("continuity:list")).content.decode()
    assert "Verified" in page and str(in_bucket) in page
    _, outcome = run_backup(salon.business, "manual")
    assert outcome is not None
    name = outcome.path.name

    response = as_owner.get(reverse("continuity:download", args=[name]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    response.close()
    with tarfile.open(fileobj=io.BytesIO(body)) as archive:
        assert sorted(archive.getnames()) == sorted([DATA_FILE, MANIFEST_FILE, SUMS_FILE])

    Client.objects.create(business=salon.business, first_name="Bob", last_name="Later")
    restore = reverse("continuity:restore")
    assert name in as_owner.get(restore).content.decode()
    response = as_owner.post(
        restore,
        {"step": "restore", "source": "listed", "backup": name, "confirm_name": "Rose & Thorn"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert not Client.objects.filter(first_name="Bob").exists()


def test_it_shows_a_clear_message_when_the_bucket_is_unreachable(
    as_owner, salon, in_bucket, settings
):
    settings.SALONKEEP_S3_ENDPOINT_URL = "http://127.0.0.1:9"
    page = as_owner.get(reverse("continuity:list")).content.decode()
    assert "cannot be listed" in page and "cannot be reached" in page
    response = as_owner.post(reverse("continuity:now"), follow=True)
    assert "The backup failed" in response.content.decode()
    assert as_owner.get(SETTINGS).status_code == 200
