"""`salonkeep outage-pack`."""

from __future__ import annotations

from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from salonkeep.continuity.runs import settings_for
from salonkeep.printouts.models import OutagePackRun, PackStatus
from tests.printouts.helpers import NOW, book_day


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def run(*args):
    out = StringIO()
    call_command("outage-pack", *args, stdout=out)
    return out.getvalue()


def test_it_writes_a_chosen_day_into_a_chosen_folder(salon, tmp_path):
    book_day(salon)
    out = run("--day", "2026-11-25", "--to", str(tmp_path))
    folder = tmp_path / "rose-thorn" / "outage-pack" / "2026-11-25"
    assert sorted(out.split()) == sorted(str(path) for path in folder.iterdir())
    assert len(out.split()) == 5
    assert not OutagePackRun.objects.exists()  # --to is a one-off copy, not the salon's pack


def test_it_writes_the_next_working_day_into_the_backup_location(salon, tmp_path):
    backup_settings = settings_for(salon.business)
    backup_settings.location = str(tmp_path)
    backup_settings.save()
    out = run("--business", "rose-thorn")
    assert "2026-11-24 (5 PDFs)" in out
    assert OutagePackRun.objects.get().status == PackStatus.WRITTEN


def test_it_fails_clearly(salon, tmp_path):
    with pytest.raises(CommandError, match="There is no folder"):
        run("--to", str(tmp_path / "missing"))
    with pytest.raises(CommandError, match="no salon with the slug"):
        run("--business", "nope")
    with pytest.raises(CommandError, match="must be a date such as 2026-11-24"):
        run("--day", "tomorrow")
