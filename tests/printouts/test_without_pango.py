"""A computer without the pango library (WeasyPrint cannot load): PDF downloads say
why and point at the printable page; the outage pack records the reason; nothing
crashes."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import pytest
import time_machine

from salonkeep.continuity.runs import settings_for
from salonkeep.printouts.models import PackStatus
from salonkeep.printouts.schedule import run_due_packs
from tests.printouts.helpers import DAY, NOW, book_day

QUERY = f"?date={DAY:%Y-%m-%d}"


@pytest.fixture
def no_weasyprint(monkeypatch):
    # A None entry makes `import weasyprint` raise ImportError, as a missing library does.
    for name in [name for name in sys.modules if name.startswith("weasyprint")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "weasyprint", None)


@pytest.mark.parametrize(
    "url",
    [f"/print/day-sheets.pdf{QUERY}", f"/print/appointments.pdf{QUERY}"],
)
def test_it_explains_why_there_is_no_pdf(salon, as_front_desk, no_weasyprint, url):
    with time_machine.travel(NOW, tick=False):
        book_day(salon)
        response = as_front_desk.get(url)
    assert response.status_code == 503
    text = response.content.decode()
    assert "PDFs cannot be made on this computer" in text
    assert "libpango-1.0-0" in text
    assert "Print" in text


def test_it_still_shows_the_printable_page(salon, as_front_desk, no_weasyprint):
    with time_machine.travel(NOW, tick=False):
        book_day(salon)
        response = as_front_desk.get(f"/print/day-sheets/{QUERY}")
    assert response.status_code == 200


def test_it_records_the_reason_when_the_outage_pack_cannot_be_made(salon, tmp_path, no_weasyprint):
    backup_settings = settings_for(salon.business)
    backup_settings.location = str(tmp_path)
    backup_settings.save()
    run_due_packs(datetime(2026, 11, 23, 9, tzinfo=UTC))
    [run] = run_due_packs(datetime(2026, 11, 23, 19, tzinfo=UTC))
    assert run.status == PackStatus.FAILED
    assert "pango" in run.error
    assert not (tmp_path / "rose-thorn" / "outage-pack").exists()
