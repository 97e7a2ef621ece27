"""Every change of business data is logged, whatever the model (the rule backups
follow): a salon's notices are; the installation's notices and bookkeeping are not."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from salonkeep.activity.models import ActivityEntry
from salonkeep.activity.recorder import acting_as
from salonkeep.continuity.models import BackupRun, RunStatus
from salonkeep.notices.models import Kind, Notice, NoticeUpdate, OutgoingMail, Progress
from salonkeep.notices.publishing import new_notice, post_update, publish
from tests.notices.helpers import create_url, incident

NOW = datetime(2026, 9, 18, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def entries(model):
    return ActivityEntry.objects.filter(model=model).order_by("id")


def test_posting_a_notice_for_the_salon_is_logged_with_the_user(as_manager, salon):
    response = as_manager.post(create_url("incident"), incident())
    assert response.status_code == 302
    notice = Notice.objects.get()
    entry = entries("notices.notice").get()
    assert (entry.action, entry.object_id) == ("created", str(notice.pk))
    assert entry.business == salon.business and entry.actor == salon.manager
    assert entry.changes["title"] == [None, "Card payments are failing"]
    update = entries("notices.noticeupdate").get()
    assert update.object_id == str(NoticeUpdate.objects.get().pk)
    assert update.actor == salon.manager


def test_an_update_and_an_edit_are_logged(salon):
    notice = publish(new_notice(Kind.INCIDENT, salon.business, "owner", NOW), "owner", NOW)
    with acting_as(salon.owner):
        post_update(notice, Progress.RESOLVED, "Fixed.", "owner", NOW)
    changed = entries("notices.notice").get(action="changed")
    assert changed.actor == salon.owner and "resolved_at" in changed.changes
    assert entries("notices.noticeupdate").count() == 2


def test_an_installation_notice_is_not_logged(salon):
    notice = new_notice(Kind.INFORMATION, None, "operator", NOW)
    notice.title = "New features"
    publish(notice, "operator", NOW)
    assert Notice.objects.filter(business=None).exists()
    assert not entries("notices.notice").exists()


def test_bookkeeping_that_is_not_business_data_is_not_logged(salon):
    BackupRun.objects.create(
        business=salon.business,
        trigger="manual",
        started_at=NOW,
        status=RunStatus.RUNNING,
        location="/backups",
    )
    OutgoingMail.objects.create(
        business=salon.business,
        to="a@example.test",
        subject="s",
        body="b",
        message_id="<m@example.test>",
        created_at=NOW,
        next_attempt_at=NOW,
    )
    assert not entries("continuity.backuprun").exists()
    assert not entries("notices.outgoingmail").exists()


def test_a_change_of_the_business_row_is_logged(as_owner, salon):
    business = salon.business
    with acting_as(salon.owner):
        business.name = "Rose & Thorn Studio"
        business.save()
    entry = entries("accounts.business").get(action="changed")
    assert entry.business == business and entry.actor == salon.owner
    assert entry.changes["name"] == ["Rose & Thorn", "Rose & Thorn Studio"]


def test_the_activity_page_shows_a_notice_change(as_owner, salon):
    as_owner.post(create_url("incident"), incident())
    assert "Card payments are failing" in as_owner.get(reverse("activity:log")).content.decode()
