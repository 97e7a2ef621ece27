"""Maintenance pauses what it names: the services refuse with the end time, and
scheduled backups are held during a backups window and run after it."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from salonkeep.continuity.models import BackupRun, BackupSettings, RunStatus
from salonkeep.continuity.runs import settings_for
from salonkeep.continuity.scheduler import run_due_backups
from salonkeep.notices.enforcement import ServicePaused, pause_message, paused, refuse_if_paused
from salonkeep.notices.models import Kind, Service
from salonkeep.notices.publishing import new_notice, publish, withdraw

LONDON = ZoneInfo("Europe/London")
START = datetime(2026, 6, 1, 2, 0, tzinfo=LONDON)
END = datetime(2026, 6, 1, 5, 0, tzinfo=LONDON)


def window(business, services, start=START, end=END):
    notice = new_notice(Kind.MAINTENANCE, business, "t", start - timedelta(days=1))
    notice.title = "Upgrade"
    notice.services = services
    notice.starts_at, notice.ends_at = start, end
    return publish(notice, "t", start - timedelta(days=1))


def test_a_named_service_is_paused_only_during_the_window(salon):
    notice = window(salon.business, ["online_booking", "messaging"])
    assert paused(salon.business, Service.ONLINE_BOOKING, START - timedelta(seconds=1)) is None
    assert paused(salon.business, Service.ONLINE_BOOKING, START) == notice
    assert paused(salon.business, Service.MESSAGING, END - timedelta(seconds=1)) == notice
    assert paused(salon.business, Service.ONLINE_BOOKING, END) is None
    assert paused(salon.business, Service.CARD_PAYMENTS, START) is None


def test_the_message_gives_the_end_time(salon):
    notice = window(salon.business, ["online_booking"])
    assert pause_message(notice, Service.ONLINE_BOOKING, salon.business, START) == (
        "Online booking is paused for maintenance until 05:00."
    )
    with pytest.raises(ServicePaused, match="until 05:00"):
        refuse_if_paused(salon.business, Service.ONLINE_BOOKING, START)
    long = window(salon.business, ["messaging"], end=END + timedelta(days=1))
    assert pause_message(long, Service.MESSAGING, salon.business, START) == (
        "Messaging is paused for maintenance until 05:00 on Tuesday 2 June."
    )


def test_an_installation_window_pauses_every_salon_and_another_salons_does_not(salon, other):
    window(None, ["card_payments"])
    window(other.business, ["online_booking"])
    assert paused(salon.business, Service.CARD_PAYMENTS, START) is not None
    assert paused(other.business, Service.CARD_PAYMENTS, START) is not None
    assert paused(salon.business, Service.ONLINE_BOOKING, START) is None


def test_a_withdrawn_window_pauses_nothing(salon):
    notice = window(salon.business, ["backups"])
    withdraw(notice, START - timedelta(hours=1))
    assert paused(salon.business, Service.BACKUPS, START) is None


def test_backup_now_says_it_is_paused(as_owner, salon):
    window(salon.business, ["backups"])
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        response = as_owner.post(reverse("continuity:now"), follow=True)
    assert "Backups are paused for maintenance until 05:00." in response.content.decode()
    assert not BackupRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_scheduled_backups_are_held_during_the_window_and_run_after(salon, tmp_path):
    window(salon.business, ["backups"])
    backup_settings = settings_for(salon.business)
    BackupSettings.objects.filter(pk=backup_settings.pk).update(
        location=str(tmp_path / "backups"), next_due_at=START + timedelta(hours=1)
    )
    held = START + timedelta(hours=1, minutes=1)
    with time_machine.travel(held, tick=False):
        assert run_due_backups(held) == []
    assert settings_for(salon.business).next_due_at == START + timedelta(hours=1)
    after = END + timedelta(minutes=1)
    with time_machine.travel(after, tick=False):
        runs = run_due_backups(after)
    assert [(run.trigger, run.status) for run in runs] == [("schedule", RunStatus.VERIFIED)]
    assert runs[0].started_at >= END.astimezone(UTC)
