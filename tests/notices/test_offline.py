"""The status pages written next to the backups for the standby to serve."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from salonkeep.continuity.models import BackupSettings
from salonkeep.continuity.runs import settings_for
from salonkeep.notices import offline
from salonkeep.notices.models import Kind
from salonkeep.notices.offline import write_status_pages, write_status_pages_job
from salonkeep.notices.publishing import new_notice, publish
from salonkeep.system.jobs import registered_jobs

NOW = datetime(2026, 9, 18, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _fresh_job_state():
    offline._last_written.clear()
    with time_machine.travel(NOW, tick=False):
        yield
    offline._last_written.clear()


def notice(business, title, public=True, **fields):
    made = new_notice(Kind.MAINTENANCE, business, "t", NOW)
    made.title, made.public, made.services = title, public, ["online_booking"]
    made.starts_at = fields.get("starts_at", NOW + timedelta(hours=1))
    made.ends_at = fields.get("ends_at", NOW + timedelta(hours=3))
    return publish(made, "t", NOW)


def test_it_writes_self_contained_pages_for_the_installation_and_each_salon(tmp_path, salon, other):
    notice(None, "Installation upgrade")
    notice(salon.business, "Rose upgrade")
    notice(salon.business, "Private rose work", public=False)
    written = write_status_pages(tmp_path)
    assert written == [
        tmp_path / "status" / "index.html",
        tmp_path / salon.business.slug / "status" / "index.html",
        tmp_path / other.business.slug / "status" / "index.html",
    ]
    installation = written[0].read_text()
    rose = written[1].read_text()
    assert "Installation upgrade" in installation and "Rose upgrade" not in installation
    assert "Installation upgrade" in rose and "Rose upgrade" in rose
    assert "Private rose work" not in rose
    assert "Rose upgrade" not in written[2].read_text()
    for page in (installation, rose):
        assert (
            "<style>" in page
            and 'href="/' not in page
            and "<link" not in page
            and "src=" not in page
        )
        assert "next to the backups" in page
    assert "between 14:00 and 16:00 on 18 September" in rose  # 13:00 UTC is 14:00 BST


def test_the_job_writes_into_each_backup_folder_and_again_when_something_changes(
    tmp_path, salon, other
):
    drive = tmp_path / "usb"
    drive.mkdir()
    BackupSettings.objects.filter(pk=settings_for(salon.business).pk).update(location=str(drive))
    BackupSettings.objects.filter(pk=settings_for(other.business).pk).update(
        location=str(tmp_path / "unplugged")
    )
    write_status_pages_job(NOW)
    page = drive / salon.business.slug / "status" / "index.html"
    assert "All services are operational" in page.read_text()
    assert not (drive / other.business.slug).exists()  # only the salons backing up here
    assert not (tmp_path / "unplugged").exists()

    notice(salon.business, "Booking upgrade", starts_at=NOW + timedelta(minutes=5))
    write_status_pages_job(NOW + timedelta(minutes=1))
    assert "Booking upgrade" in page.read_text() and "Upcoming" in page.read_text()
    # The window begins: the copy follows without any notice being edited.
    write_status_pages_job(NOW + timedelta(minutes=6))
    assert "Under maintenance: Online booking" in page.read_text()


def test_the_job_is_cheap_when_nothing_changed(tmp_path, salon):
    drive = tmp_path / "usb"
    drive.mkdir()
    BackupSettings.objects.filter(pk=settings_for(salon.business).pk).update(location=str(drive))
    write_status_pages_job(NOW)
    page = drive / salon.business.slug / "status" / "index.html"
    page.write_text("old")
    write_status_pages_job(NOW + timedelta(minutes=30))
    assert page.read_text() == "old"
    write_status_pages_job(NOW + timedelta(minutes=61))  # at least hourly
    assert "service status" in page.read_text()


def test_the_job_is_registered():
    assert registered_jobs()["notices.write_status_pages"] is write_status_pages_job
