"""The seed's first five paragraphs are exactly the notices this feature must publish:
each is posted through the page and shown as it was meant (times in the salon's zone)."""

from datetime import UTC, datetime

import time_machine

from salonkeep.notices.models import Kind, Notice, Progress
from tests.notices.helpers import closure, create_url, incident, maintenance, seed_paragraphs


def test_it_has_the_five_seed_paragraphs():
    paragraphs = seed_paragraphs()
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("For our customers using CardConnect")
    assert paragraphs[4].startswith("All of our services have been restored")


@time_machine.travel(datetime(2018, 4, 20, 12, 0, tzinfo=UTC), tick=False)
def test_it_posts_the_card_processor_incident(as_owner, salon):
    text = seed_paragraphs()[0]
    response = as_owner.post(
        create_url("incident"),
        incident(title="CardConnect is having problems processing payments", body=text),
    )
    notice = Notice.objects.get()
    assert response.status_code == 302
    assert notice.kind == Kind.INCIDENT and notice.services == ["card_payments"]
    assert notice.updates.get().message == text
    page = as_owner.get(response["Location"]).content.decode()
    assert "CardConnect is currently experiencing issues" in page
    assert "Investigating" in page and "+1 555 0100" in page


@time_machine.travel(datetime(2019, 8, 20, 12, 0, tzinfo=UTC), tick=False)
def test_it_posts_the_labor_day_closure(as_owner, salon):
    text = seed_paragraphs()[1]
    as_owner.post(
        create_url("closure"),
        closure(body=text, window_start="2019-09-02T00:00", window_end="2019-09-03T09:00"),
    )
    notice = Notice.objects.get()
    # 9 A.M. Eastern Daylight Time is 13:00 UTC, 14:00 in London (BST).
    assert notice.ends_at == datetime(2019, 9, 3, 13, 0, tzinfo=UTC)
    page = as_owner.get(f"/notices/{notice.pk}/").content.decode()
    assert "normal hours resume at 14:00 on Tuesday 3 September" in page
    assert "Europe/London" in page


@time_machine.travel(datetime(2018, 4, 20, 12, 0, tzinfo=UTC), tick=False)
def test_it_posts_the_overnight_maintenance(as_owner, salon):
    text = seed_paragraphs()[2]
    services = ["online_booking", "messaging", "remote_access", "memberships", "account_management"]
    as_owner.post(
        create_url("maintenance"),
        maintenance(
            body=text,
            services=services,
            window_start="2018-04-22T22:00",
            window_end="2018-04-23T05:00",
        ),
    )
    notice = Notice.objects.get()
    # "EST" in April is really daylight time in New York: UTC−4.
    assert notice.starts_at == datetime(2018, 4, 23, 2, 0, tzinfo=UTC)
    assert notice.ends_at == datetime(2018, 4, 23, 9, 0, tzinfo=UTC)
    assert sorted(notice.services) == sorted(services)
    page = as_owner.get("/notices/").content.decode()
    assert "between 3:00 and 10:00 on 23 April" in page  # London, BST
    assert "Upcoming" in page


@time_machine.travel(datetime(2017, 6, 23, 12, 0, tzinfo=UTC), tick=False)
def test_it_posts_the_remote_access_outage_already_resolved(as_owner, salon):
    text = seed_paragraphs()[3]
    salon.business.time_zone = "America/New_York"
    salon.business.save()
    as_owner.post(
        create_url("incident"),
        incident(
            title="Remote Access Service restored",
            body=text,
            progress="resolved",
            services=["remote_access"],
            impact="partial_outage",
            time_zone="America/New_York",
            window_start="2017-06-22T21:00",
            window_end="2017-06-23T02:00",
        ),
    )
    notice = Notice.objects.get()
    assert notice.resolved_at is not None
    assert notice.updates.get().progress == Progress.RESOLVED
    page = as_owner.get(f"/notices/{notice.pk}/").content.decode()
    assert "between 21:00 on 22 June and 2:00 on 23 June" in page


@time_machine.travel(datetime(2026, 9, 18, 16, 0, tzinfo=UTC), tick=False)
def test_it_posts_all_services_restored_with_the_window(as_owner, salon):
    text = seed_paragraphs()[4]
    salon.business.time_zone = "America/New_York"
    salon.business.save()
    as_owner.post(
        create_url("incident"),
        incident(
            title="All services restored",
            body=text,
            progress="resolved",
            services=["online_booking", "live_system"],
            impact="major_outage",
            time_zone="America/New_York",
            window_start="2026-09-18T09:45",
            window_end="2026-09-18T10:55",
        ),
    )
    notice = Notice.objects.get()
    assert notice.impact_started_at == datetime(2026, 9, 18, 13, 45, tzinfo=UTC)
    page = as_owner.get("/notices/").content.decode()
    assert "between 9:45 and 10:55 on 18 September" in page
    assert "All services are operational" in page
