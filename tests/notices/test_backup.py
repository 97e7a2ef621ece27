"""A salon's notices and subscriptions go into its backups; the installation's notices
and the machine's bookkeeping (outbox, closed banners) stay out, and survive a restore."""

from datetime import UTC, datetime

import pytest

from salonkeep.continuity.backup import take_backup
from salonkeep.continuity.restore import restore_backup
from salonkeep.notices.models import Kind, Notice, NoticeDismissal, NoticeUpdate, Subscription
from salonkeep.notices.publishing import new_notice, post_update, publish

pytestmark = pytest.mark.django_db(transaction=True)
NOW = datetime(2026, 9, 18, 12, 0, tzinfo=UTC)


def posted(business, title, kind=Kind.INCIDENT):
    notice = new_notice(kind, business, "t", NOW)
    notice.title, notice.services = title, ["card_payments"]
    return publish(notice, "t", NOW)


def test_a_restore_brings_back_the_salons_notices_and_keeps_the_installations(salon, tmp_path):
    own = posted(salon.business, "Card trouble")
    post_update(own, "monitoring", "Watching it.", "t", NOW)
    installation = posted(None, "Installation upgrade", Kind.INFORMATION)
    Subscription.objects.create(
        business=salon.business,
        user=salon.stylist,
        email="sam@example.com",
        created_at=NOW,
        confirmed_at=NOW,
    )
    NoticeDismissal.objects.create(user=salon.stylist, notice=installation, revision=1)
    outcome = take_backup(salon.business, tmp_path / "backups")

    Notice.objects.filter(business=salon.business).delete()
    Subscription.objects.all().delete()
    posted(salon.business, "Written after the backup")
    restore_backup(outcome.path, safety_location=tmp_path / "safety")

    titles = sorted(Notice.objects.values_list("title", flat=True))
    assert titles == ["Card trouble", "Installation upgrade"]
    restored = Notice.objects.get(title="Card trouble")
    assert [u.progress for u in NoticeUpdate.objects.filter(notice=restored)] == [
        "investigating",
        "monitoring",
    ]
    assert Subscription.objects.get().email == "sam@example.com"
    assert Notice.objects.get(title="Installation upgrade").business is None
