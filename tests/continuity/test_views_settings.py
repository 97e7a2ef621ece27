"""The automatic backup settings page."""

from __future__ import annotations

from datetime import UTC, datetime, time

import pytest
from django.urls import reverse

from salonkeep.continuity.models import BackupSettings
from salonkeep.continuity.runs import settings_for

URL = reverse("continuity:settings")


def form_data(**changes):
    data = {
        "enabled": "on",
        "keep": "25",
        "every_hours": "4",
        "all_day": "0",
        "from_time": "08:00",
        "to_time": "20:00",
        "weekdays": ["0", "1", "2", "3", "4", "5", "6"],
        "backup_on_exit": "on",
        "location": "",
        "use_default_location": "on",
        "remind": "on",
        "remind_after_days": "1",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_it_shows_the_settings_with_the_default_location(as_owner, salon, settings):
    response = as_owner.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enable automatic backup" in page
    assert "Once this many exist, the oldest is replaced by the newest" in page
    assert str(settings.SALONKEEP_HOME) in page


def test_it_saves_a_schedule_and_clears_the_next_due_time(as_manager, salon, tmp_path):
    rules = settings_for(salon.business)
    BackupSettings.objects.filter(pk=rules.pk).update(
        next_due_at=datetime(2026, 11, 23, 12, tzinfo=UTC)
    )
    response = as_manager.post(
        URL,
        form_data(
            every_hours="2",
            from_time="09:00",
            to_time="18:30",
            weekdays=["0", "2", "4"],
            location=str(tmp_path),
            use_default_location=None,
            keep="40",
            remind_after_days="3",
        ),
    )
    assert response.status_code == 302
    rules.refresh_from_db()
    assert rules.every_hours == 2
    assert rules.from_time == time(9) and rules.to_time == time(18, 30)
    assert rules.weekdays == "024"
    assert rules.location == str(tmp_path)
    assert rules.keep == 40 and rules.remind_after_days == 3
    assert rules.next_due_at is None


def test_it_keeps_the_next_due_time_when_only_the_reminder_changes(as_owner, salon):
    rules = settings_for(salon.business)
    due = datetime(2026, 11, 23, 12, tzinfo=UTC)
    BackupSettings.objects.filter(pk=rules.pk).update(next_due_at=due)
    response = as_owner.post(URL, form_data(remind_after_days="7"))
    assert response.status_code == 302
    rules.refresh_from_db()
    assert rules.remind_after_days == 7
    assert rules.next_due_at == due


def test_it_goes_back_to_the_default_location(as_owner, salon, tmp_path):
    rules = settings_for(salon.business)
    rules.location = str(tmp_path)
    rules.save()
    response = as_owner.post(URL, form_data(location=str(tmp_path), use_default_location="on"))
    assert response.status_code == 302
    rules.refresh_from_db()
    assert rules.location == ""


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"keep": "0"}, "greater than or equal to 1"),
        ({"keep": "1000"}, "less than or equal to 999"),
        ({"every_hours": "25"}, "less than or equal to 24"),
        ({"every_hours": "-1"}, "greater than or equal to"),
        ({"remind_after_days": "366"}, "less than or equal to 365"),
        ({"from_time": "25:99"}, "Enter a valid time"),
        ({"from_time": "18:00", "to_time": "09:00"}, "The end time must be after the start"),
        ({"weekdays": []}, "Tick at least one day"),
        ({"weekdays": ["9"]}, "Select a valid choice"),
        ({"keep": "many"}, "Enter a whole number"),
        ({"location": "x" * 501, "use_default_location": None}, "at most 500 characters"),
        ({"location": "relative/folder", "use_default_location": None}, "Type a full path"),
        ({"location": "/no/such/folder/here", "use_default_location": None}, "no folder"),
        ({"location": "/no/such/folder/here", "use_default_location": "false"}, "no folder"),
    ],
)
def test_it_refuses_bad_input(as_owner, salon, changes, message):
    before = settings_for(salon.business)
    response = as_owner.post(URL, form_data(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    after = BackupSettings.objects.get(pk=before.pk)
    assert (after.keep, after.every_hours, after.location, after.weekdays) == (25, 4, "", "0123456")


def test_it_refuses_a_file_as_the_location(as_owner, salon, tmp_path):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("hello")
    response = as_owner.post(URL, form_data(location=str(a_file), use_default_location=None))
    assert "is a file, not a folder" in response.content.decode()
    assert settings_for(salon.business).location == ""


def test_it_refuses_a_folder_it_cannot_write_in(as_owner, salon, tmp_path, monkeypatch):
    monkeypatch.setattr("salonkeep.continuity.forms.os.access", lambda path, mode: False)
    response = as_owner.post(URL, form_data(location=str(tmp_path), use_default_location=None))
    assert "not allowed to write" in response.content.decode()
    assert settings_for(salon.business).location == ""


@pytest.mark.parametrize("client_name", ["as_front_desk", "as_stylist"])
def test_it_is_only_for_owners_and_managers(request, salon, client_name):
    http = request.getfixturevalue(client_name)
    assert http.get(URL).status_code == 403
    assert http.post(URL, form_data(keep="3")).status_code == 403
    assert settings_for(salon.business).keep == 25


def test_it_sends_anonymous_visitors_to_log_in(client, salon):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_changes_only_the_own_salons_settings(as_owner, salon, other):
    as_owner.post(URL, form_data(keep="7"))
    assert settings_for(salon.business).keep == 7
    assert settings_for(other.business).keep == 25


def test_it_refuses_other_methods(as_owner, salon):
    assert as_owner.put(URL).status_code == 405
    assert as_owner.delete(URL).status_code == 405


def test_it_is_linked_from_the_settings_hub(as_owner, salon):
    page = as_owner.get(reverse("accounts:settings")).content.decode()
    assert URL in page


def test_it_never_writes_back_a_claim_the_worker_released(as_owner, salon, monkeypatch):
    """The page reads the settings while a worker holds its claim; the worker releases it
    before the form is saved. Saving must not bring the stale claim back."""
    rules = settings_for(salon.business)
    claim = datetime(2026, 11, 23, 12, 30, tzinfo=UTC)
    BackupSettings.objects.filter(pk=rules.pk).update(claimed_until=claim)
    from salonkeep.continuity import runs
    from salonkeep.continuity.views import settings as view

    def read_then_release(business):
        found = runs.settings_for(business)
        BackupSettings.objects.filter(pk=found.pk).update(claimed_until=None)
        return found

    monkeypatch.setattr(view, "settings_for", read_then_release)
    response = as_owner.post(URL, form_data(remind_after_days="3"))
    assert response.status_code == 302
    rules.refresh_from_db()
    assert rules.remind_after_days == 3
    assert rules.claimed_until is None
