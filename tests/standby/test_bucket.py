"""A standby reading an s3:// backup location (a real S3-compatible server on loopback)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from salonkeep.clients.models import Client
from salonkeep.continuity.backup import take_backup
from salonkeep.standby.registry import Standby, install
from salonkeep.standby.sources import BucketSource, SourceError, open_source
from tests.continuity.s3server import bucket, s3_server  # noqa: F401
from tests.standby.conftest import standby_login

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_serves_the_newest_backup_in_a_bucket(as_standby, salon, bucket, tmp_path):  # noqa: F811
    take_backup(salon.business, bucket)
    source = open_source(str(bucket))
    assert isinstance(source, BucketSource)
    assert source.slugs() == [salon.business.slug]
    standby = Standby(source, tmp_path / "work")
    standby.refresh(timezone.now())
    install(standby)
    try:
        http = standby_login("owner")
        assert "Nina" not in http.get("/clients/", {"q": "Newcomer"}).content.decode()
        assert standby.refresh(timezone.now()) == []  # nothing newer: nothing downloaded
        Client.objects.create(business=salon.business, first_name="Nina", last_name="Newcomer")
        take_backup(salon.business, bucket)
        standby.refresh(timezone.now())
        assert "Nina" in http.get("/clients/", {"q": "Newcomer"}).content.decode()
    finally:
        install(None)
        standby.close()


@pytest.mark.parametrize(
    ("location", "message"),
    [("s3://No_Such", "is not a bucket name"), ("/nonexistent/share", "is not a folder")],
)
def test_it_says_why_a_location_cannot_be_used(location, message):
    with pytest.raises(SourceError, match=message):
        open_source(location)
