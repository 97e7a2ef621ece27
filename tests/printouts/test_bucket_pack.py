"""The outage pack in a backup location that is a bucket (a real S3-compatible server on
loopback): the same files and layout as in a folder, old days pruned, failures recorded."""

from __future__ import annotations

import pytest

from salonkeep.continuity.bucket import parse_bucket_address
from salonkeep.continuity.runs import settings_for
from salonkeep.printouts.bucket_pack import write_outage_pack_to_bucket
from salonkeep.printouts.models import PackStatus
from salonkeep.printouts.pack import PackError, PackFile
from salonkeep.printouts.schedule import write_pack_everywhere
from tests.printouts.helpers import DAY, book_day, pdf_text

# No frozen clock here: requests to the bucket server are signed with the real time.


def test_it_writes_the_pack_into_the_bucket_location(salon, bucket, s3_server):
    book_day(salon)
    backup_settings = settings_for(salon.business)
    backup_settings.location = str(bucket)
    backup_settings.save()
    [run] = write_pack_everywhere(salon.business, DAY, "manual")
    assert run.status == PackStatus.WRITTEN, run.error
    prefix = "salon-backups/rose-thorn/outage-pack/2026-11-24/"
    keys = s3_server.keys(bucket.bucket)
    assert sorted(keys) == sorted(
        prefix + name
        for name in (
            "rose-thorn-appointments-2026-11-24.pdf",
            "rose-thorn-day-sheets-2026-11-24.pdf",
            "rose-thorn-day-sheet-olivia-owner-2026-11-24.pdf",
            "rose-thorn-day-sheet-sam-stylist-2026-11-24.pdf",
            "rose-thorn-day-sheet-jo-junior-2026-11-24.pdf",
        )
    )
    assert run.folder == f"s3://{bucket.bucket}/{prefix.rstrip('/')}"
    body = (
        s3_server.client()
        .get_object(Bucket=bucket.bucket, Key=prefix + "rose-thorn-day-sheets-2026-11-24.pdf")[
            "Body"
        ]
        .read()
    )
    assert "Reacts to PPD" in pdf_text(body)


def test_it_keeps_the_last_seven_days_in_the_bucket(salon, bucket, s3_server):
    pdf = [PackFile("a.pdf", b"%PDF-1.7 test")]
    client = s3_server.client()
    client.put_object(
        Bucket=bucket.bucket, Key="salon-backups/rose-thorn/outage-pack/notes.txt", Body=b"x"
    )
    for day in range(10, 18):
        write_outage_pack_to_bucket(salon.business, DAY.replace(day=day), bucket, pdf)
    write_outage_pack_to_bucket(salon.business, DAY, bucket, [PackFile("b.pdf", b"%PDF-1.7")])
    days = {key.split("/")[3] for key in s3_server.keys(bucket.bucket)}
    assert days == {f"2026-11-{day}" for day in (12, 13, 14, 15, 16, 17, 24)} | {"notes.txt"}
    # The day rewritten holds only this pack's files.
    assert [k for k in s3_server.keys(bucket.bucket) if "2026-11-24" in k] == [
        "salon-backups/rose-thorn/outage-pack/2026-11-24/b.pdf"
    ]


def test_it_records_a_missing_bucket(salon, s3_server, settings, tmp_path):
    s3_server.use(settings)
    settings.SALONKEEP_HOME = tmp_path
    backup_settings = settings_for(salon.business)
    backup_settings.location = "s3://no-such-bucket-here/backups"
    backup_settings.save()
    [run] = write_pack_everywhere(salon.business, DAY, "manual")
    assert run.status == PackStatus.FAILED
    assert "no-such-bucket-here" in run.error
    with pytest.raises(PackError):
        write_outage_pack_to_bucket(
            salon.business,
            DAY,
            parse_bucket_address("s3://no-such-bucket-here/backups"),
            [PackFile("a.pdf", b"x")],
        )
