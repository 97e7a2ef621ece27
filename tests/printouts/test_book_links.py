"""Tomorrow's sheets one click from the day book; the other printouts in its Print menu."""

from __future__ import annotations

import pytest
import time_machine

from tests.printouts.helpers import NOW


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_it_links_the_shown_day_and_tomorrow_for_the_front_desk(salon, as_front_desk):
    html = as_front_desk.get(f"/?date=2026-11-27&location={salon.location.pk}").content.decode()
    assert f'href="/print/appointments/?date=2026-11-27&amp;location={salon.location.pk}"' in html
    assert f'href="/print/appointments/?date=2026-11-24&amp;location={salon.location.pk}"' in html
    assert 'href="/print/day-sheets/?date=2026-11-27"' in html
    assert 'href="/print/day-sheets/?date=2026-11-24">' + "Tomorrow's sheets" in html
    assert "Outage pack failed" not in html and "/print/outage-pack/" not in html


def test_it_links_a_manager_to_the_outage_pack(salon, as_manager):
    assert 'href="/print/outage-pack/"' in as_manager.get("/").content.decode()


def test_it_links_a_stylist_to_their_own_sheets(salon, as_stylist):
    html = as_stylist.get("/").content.decode()
    assert f'href="/print/day-sheets/{salon.stylist_member.pk}/?date=2026-11-24"' in html
    assert f'href="/print/day-sheets/{salon.stylist_member.pk}/?date=2026-11-23"' in html
    assert 'href="/print/day-sheets/?date' not in html
