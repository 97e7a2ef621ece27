"""What the printout pages share: reading the day asked for, refusing bad input with a
clear page, and who may see whose day sheet."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from salonkeep.accounts.models import Business, User
from salonkeep.book.grid import is_plausible_day
from salonkeep.lib.dates import parse_iso_date
from salonkeep.team.models import TeamMember


class BadPrintoutRequest(Exception):
    """The request names something that cannot be printed; the message says why."""


def today_in(business: Business) -> date:
    return timezone.localtime(timezone.now(), business.tz).date()


def requested_day(business: Business, text: str | None) -> date:
    """The day in ?date=YYYY-MM-DD, today without one. A malformed date is refused
    rather than replaced by today: a sheet printed for the wrong day is worse than none."""
    if text is None or not text.strip():
        return today_in(business)
    day = parse_iso_date(text.strip())
    if day is None or not is_plausible_day(day):
        raise BadPrintoutRequest(
            f"“{text[:40]}” is not a date. Give a date such as "
            f"{today_in(business):%Y-%m-%d} (year-month-day)."
        )
    return day


def in_standby() -> bool:
    """Served by the read-only standby (salonkeep/standby) rather than the live system."""
    return bool(getattr(settings, "SALONKEEP_STANDBY", False))


def printout_base() -> str:
    """The page around a printout: the live system's, or the standby's (whose navigation
    names only its own read-only pages)."""
    return "standby/base.html" if in_standby() else "base.html"


def bad_request(request: HttpRequest, problem: str) -> HttpResponse:
    context = {"problem": problem, "printout_base": printout_base()}
    return render(request, "printouts/bad_request.html", context, status=400)


def may_see_sheet(user: User, member: TeamMember) -> bool:
    """Owners, managers and the front desk see every day sheet; a stylist sees their own
    (their colleagues' clients' details are not theirs to print)."""
    return user.can_book or (user.pk is not None and member.user_id == user.pk)


def day_links(business: Business, day: date) -> dict[str, Any]:
    today = today_in(business)
    return {
        "printout_base": printout_base(),
        "in_standby": in_standby(),
        "day": day,
        "today": today,
        "previous_day": day - timedelta(days=1),
        "next_day": day + timedelta(days=1),
    }
