"""Two managers closing the same day at the same moment: it is closed once, with one
close-out and one set of tasks; the other is told (SQLite: IMMEDIATE transactions;
PostgreSQL: the drawer row lock and the one-close-per-day constraints)."""

from __future__ import annotations

import time

import pytest

from salonkeep.drawer import closeout
from salonkeep.drawer.models import CloseOut, CloseOutLine
from salonkeep.sales.models import ClosedDay
from salonkeep.tasks.models import Task
from tests.book.test_concurrency import session_of
from tests.drawer.helpers import close_url, counts_for, drawer_for
from tests.sales.test_concurrency import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)
THREADS = 4


def test_a_day_is_closed_once_when_closed_twice_at_once(live_server, salon, monkeypatch):
    drawer = drawer_for(salon, 10000)
    expected_amounts = closeout.expected_amounts

    def slow_expected_amounts(locked):
        time.sleep(0.05)  # widen the gap between checking and closing
        return expected_amounts(locked)

    monkeypatch.setattr(closeout, "expected_amounts", slow_expected_amounts)
    form = {**counts_for(9000), "closing_float": "50", "cash_reason": "£10 short"}
    results = all_at_once(
        live_server, session_of(salon.manager), [(close_url(drawer), form)] * THREADS
    )
    statuses = sorted(status for status, _ in results)
    assert set(statuses) <= {302, 400} and statuses.count(302) >= 1, statuses
    assert ClosedDay.objects.count() == 1 and CloseOut.objects.count() == 1
    assert CloseOutLine.objects.count() == 1 and Task.objects.count() == 1
    refused = [body for status, body in results if status == 400]
    assert all("already been closed out" in body for body in refused)
