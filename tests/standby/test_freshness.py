"""How old the book is, on every page: text and level."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from salonkeep.standby.freshness import Freshness
from tests.standby.conftest import publish, standby_login

LONDON = ZoneInfo("Europe/London")
AS_OF = datetime(2026, 7, 14, 8, 14, tzinfo=UTC)  # 09:14 in London (summer time)


@pytest.mark.parametrize(
    ("minutes", "text", "level"),
    [
        (0, "Book as of 09:14 (Europe/London), just now", "fresh"),
        (14, "Book as of 09:14 (Europe/London), 14 min ago", "fresh"),
        (15, "Book as of 09:14 (Europe/London), 15 min ago", "amber"),
        (37, "Book as of 09:14 (Europe/London), 37 min ago", "amber"),
        (59, "Book as of 09:14 (Europe/London), 59 min ago", "amber"),
        (60, "Book as of 09:14 (Europe/London), 1 h ago", "red"),
        (135, "Book as of 09:14 (Europe/London), 2 h 15 min ago", "red"),
        (24 * 60, "Book as of Tue 14 Jul 2026 09:14 (Europe/London), 24 h ago", "red"),
        (5 * 24 * 60, "Book as of Tue 14 Jul 2026 09:14 (Europe/London), 5 days ago", "red"),
    ],
)
def test_it_words_the_age_and_colours_it(minutes, text, level):
    freshness = Freshness(AS_OF, LONDON, AS_OF + timedelta(minutes=minutes))
    assert freshness.as_of_text == text
    assert freshness.level == level


def test_it_never_says_a_negative_age():
    assert Freshness(AS_OF, LONDON, AS_OF - timedelta(minutes=3)).level == "fresh"


pytestmark_db = pytest.mark.django_db(transaction=True)


@pytestmark_db
def test_it_shows_the_age_on_every_page_and_turns_amber_then_red(standby, salon):
    taken = standby.all()[0].as_of
    local = f"{taken.astimezone(LONDON):%H:%M}"
    http = standby_login("owner")
    for url in ("/", "/clients/", "/services/", f"/clients/{salon.client.pk}/", "/nowhere/"):
        text = http.get(url).content.decode()
        assert f"Book as of {local} (Europe/London)" in text, url
        assert "standby-bar standby-fresh" in text
    with time_machine.travel(taken + timedelta(minutes=20)):
        assert "standby-bar standby-amber" in http.get("/").content.decode()
    with time_machine.travel(taken + timedelta(minutes=61)):
        text = http.get("/services/").content.decode()
        assert "standby-bar standby-red" in text
        assert "1 h 1 min ago" in text or "1 h ago" in text


@pytestmark_db
def test_it_shows_the_age_on_the_refusal_and_login_pages(standby, salon):
    from django.test import Client as HttpClient

    assert "Book as of" in HttpClient().get("/login/").content.decode()
    assert "Book as of" in HttpClient().delete("/").content.decode()


@pytestmark_db
def test_a_quiet_live_system_keeps_the_book_fresh(standby, salon, location):
    taken = standby.all()[0].as_of
    later = taken + timedelta(minutes=40)
    with time_machine.travel(later, tick=False):
        assert publish(salon, location) == "unchanged"
        standby.refresh(timezone.now())
        assert standby.all()[0].as_of == later
        assert standby.all()[0].freshness(timezone.now()).level == "fresh"
