"""The one check that keeps sales out of a closed (cashed-up) day.

Close-out creates a ClosedDay; from then on every sale, payment or refund dated into that
day is refused. Corrections are new entries dated now, on an open day.
"""

from __future__ import annotations

from datetime import date, datetime

from salonkeep.accounts.models import Business
from salonkeep.sales.models import ClosedDay


class SaleError(Exception):
    """A checkout action that cannot be done; the message says why, for people."""


class DayClosed(SaleError):
    pass


def business_date(business: Business, when: datetime) -> date:
    return when.astimezone(business.tz).date()


def ensure_day_open(business: Business, when: datetime) -> date:
    """The business date of ``when``, or DayClosed if that day has been closed out."""
    day = business_date(business, when)
    if ClosedDay.objects.filter(business=business, date=day).exists():
        raise DayClosed(
            f"{day:%A %-d %B %Y} has been closed out: nothing more can be sold or paid "
            "into it. Record the correction on today's till."
        )
    return day
