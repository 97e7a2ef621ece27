"""In a real browser: the owner sets the automatic backup schedule, backs up now, sees
the backup listed as verified, downloads it as one file, restores that file after
typing the salon's name, logs in again and sees the book."""

from __future__ import annotations

import re
import shutil

import pytest

from salonkeep.clients.models import Client
from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.export import export_backup
from salonkeep.continuity.models import BackupRun, BackupSettings, RunStatus
from tests.browser.conftest import log_in

pytestmark = pytest.mark.browser


def test_it_backs_up_downloads_and_restores(live_server, salon, page, tmp_path):
    location = tmp_path / "usb"
    location.mkdir()
    log_in(page, live_server, "owner")

    page.click("nav.mainnav >> text=Settings")
    page.click("a.settings-link:has-text('Automatic backup')")
    page.fill("input[name=every_hours]", "2")
    page.check("input[name=all_day][value='0']")
    page.fill("input[name=from_time]", "09:00")
    page.fill("input[name=to_time]", "19:00")
    page.uncheck("input[name=weekdays][value='6']")  # not on Sundays
    page.uncheck("input[name=use_default_location]")
    page.fill("input[name=location]", str(tmp_path / "missing"))
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Create it (or plug the drive in) first.")
    page.fill("input[name=location]", str(location))
    page.click("button:has-text('Save')")
    page.wait_for_selector("text=Backup settings saved.")
    page.wait_for_selector("text=folder exists, writable")
    rules = BackupSettings.objects.get(business=salon.business)
    assert (rules.every_hours, rules.all_day, rules.weekdays) == (2, False, "012345")
    assert rules.location == str(location)

    page.click("nav.mainnav >> text=Backups")
    page.click("button:has-text('Backup now')")
    page.wait_for_selector("text=Backup made and verified")
    assert page.locator("table.backups .badge:has-text('Verified')").count() == 1
    assert BackupRun.objects.get(business=salon.business).status == RunStatus.VERIFIED

    with page.expect_download() as download_info:
        page.click("table.backups a:has-text('Download')")
    download = download_info.value
    name = download.suggested_filename
    assert re.fullmatch(r"rose-thorn-\d{4}-\d{2}-\d{2}-\d{4}\.salonkeep", name)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    Client.objects.create(business=salon.business, first_name="Zoe", last_name="After")
    page.click("a:has-text('Restore…')")
    page.set_input_files("#backup-file", str(saved))
    page.click("button:has-text('Upload and check')")
    page.wait_for_selector("text=What it replaces")
    page.fill("input[name=confirm_name]", "Rose and Thorn")
    page.click("button.danger")
    page.wait_for_selector("text=That is not the salon's name")
    assert Client.objects.filter(first_name="Zoe").exists()
    page.fill("input[name=confirm_name]", "Rose & Thorn")
    page.click("button.danger")
    page.wait_for_url("**/login/")
    page.wait_for_selector("text=was restored from the backup")
    assert not Client.objects.filter(first_name="Zoe").exists()

    log_in(page, live_server, "owner")
    page.wait_for_selector("header.topbar >> text=Rose & Thorn")
    assert page.url.rstrip("/") == live_server.url
    assert "backup-banner" not in page.content()


def test_it_restores_an_encrypted_backup_file_with_its_passphrase(
    live_server, salon, page, tmp_path
):
    passphrase = "Heron-Velvet-Lantern-93"
    backup = take_backup(salon.business, tmp_path / "usb", passphrase=passphrase).path
    exported = export_backup(backup)
    saved = tmp_path / exported.name
    shutil.move(exported, saved)
    shutil.rmtree(exported.parent)
    Client.objects.create(business=salon.business, first_name="Zoe", last_name="After")
    log_in(page, live_server, "owner")
    page.goto(f"{live_server.url}/backups/restore/")
    page.set_input_files("#backup-file", str(saved))
    page.click("button:has-text('Upload and check')")
    page.wait_for_selector("text=This backup is encrypted")
    page.fill("input[name=passphrase]", "not the passphrase")
    page.fill("input[name=confirm_name]", "Rose & Thorn")
    page.click("button.danger")
    page.wait_for_selector("text=Wrong passphrase")
    assert page.input_value("input[name=passphrase]") == ""  # never sent back
    assert Client.objects.filter(first_name="Zoe").exists()
    page.fill("input[name=passphrase]", passphrase)
    page.click("button.danger")
    page.wait_for_url("**/login/")
    page.wait_for_selector("text=was restored from the backup")
    assert not Client.objects.filter(first_name="Zoe").exists()
