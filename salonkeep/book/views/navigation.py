"""Reading the day, location and team member a book page is asked to show."""

from __future__ import annotations

from datetime import date

from django.http import Http404
from django.utils import timezone

from salonkeep.accounts.access import get_for_business
from salonkeep.accounts.models import Business, Location
from salonkeep.book.grid import is_plausible_day
from salonkeep.lib.dates import parse_iso_date
from salonkeep.team.models import TeamMember


def today_in(business: Business) -> date:
    return timezone.localtime(timezone.now(), business.tz).date()


def requested_day(business: Business, text: str | None) -> tuple[date, str]:
    """The day asked for, or today with a note saying why the request was not used."""
    today = today_in(business)
    if not text:
        return today, ""
    day = parse_iso_date(text.strip())
    if day is None or not is_plausible_day(day):
        return today, f"“{text[:40]}” is not a date such as {today:%Y-%m-%d}; showing today."
    return day, ""


def business_locations(business: Business) -> list[Location]:
    """All locations with their opening hours (two queries)."""
    return list(Location.objects.filter(business=business).prefetch_related("opening_hours"))


def chosen_location(locations: list[Location], text: str | None) -> Location:
    """The location named by id, else the first one. An id that is malformed or belongs to
    another business is a 404, as for any record."""
    if not locations:
        raise Http404("This salon has no location yet.")
    if not text:
        return locations[0]
    for location in locations:
        if str(location.pk) == text.strip():
            return location
    raise Http404("No such location.")


def chosen_member(business: Business, text: str | None) -> TeamMember:
    return get_for_business(TeamMember, business, pk=(text or "").strip())
