"""What the printouts read: patch test states, the local day in the salon's time zone."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from salonkeep.clients.models import PatchTest, PatchTestResult
from salonkeep.printouts.sheets import build_appointment_page, build_day_sheets, patch_test_state
from tests.printouts.helpers import book

DAY = date(2026, 11, 24)


def patch(tested_on, result, pk=1):
    return PatchTest(pk=pk, tested_on=tested_on, result=result, product="")


@pytest.mark.parametrize(
    ("tests", "level", "start"),
    [
        ([], "none", "No patch test on record"),
        ([patch(date(2026, 11, 20), PatchTestResult.PASSED)], "ok", "Passed on 20 Nov 2026"),
        (
            [patch(date(2026, 1, 20), PatchTestResult.PASSED)],
            "danger",
            "EXPIRED: passed on 20 Jan 2026",
        ),
        ([patch(date(2026, 11, 22), PatchTestResult.FAILED)], "danger", "FAILED on 22 Nov 2026"),
        (
            [patch(date(2026, 11, 22), PatchTestResult.PENDING)],
            "warning",
            "Pending: done on 22 Nov",
        ),
        # The latest test counts: a pass after a failure is a pass.
        (
            [
                patch(date(2026, 9, 1), PatchTestResult.FAILED, 1),
                patch(date(2026, 11, 1), PatchTestResult.PASSED, 2),
            ],
            "ok",
            "Passed on 01 Nov 2026",
        ),
        # A test after the day printed does not count for that day.
        ([patch(date(2026, 11, 30), PatchTestResult.PASSED)], "none", "No patch test on record"),
    ],
)
def test_it_reads_the_patch_test_state_for_the_day(tests, level, start):
    state = patch_test_state(tests, DAY)
    assert state.level == level
    assert state.text.startswith(start)


def test_it_uses_the_salon_s_local_day(salon):
    # Auckland is 13 hours ahead in November: 09:30 on the 24th is 20:30 UTC on the 23rd,
    # and 10:00 on the 25th is 21:00 UTC on the 24th, which is not the 24th's.
    salon.business.time_zone = "Pacific/Auckland"
    salon.business.save()
    book(salon, (salon.cut, salon.jo, datetime(2026, 11, 23, 20, 30, tzinfo=UTC)))
    book(salon, (salon.cut, salon.jo, datetime(2026, 11, 24, 21, 0, tzinfo=UTC)))
    page = build_appointment_page(salon.business, salon.location, DAY)
    rows = [row for section in page.sections for row in section.rows]
    assert [f"{row.line.starts_at:%Y-%m-%d %H:%M}" for row in rows] == ["2026-11-24 09:30"]
    [sheet] = build_day_sheets(salon.business, DAY, [salon.jo])
    assert [f"{a.starts_at:%Y-%m-%d %H:%M}" for a in sheet.appointments] == ["2026-11-24 09:30"]
