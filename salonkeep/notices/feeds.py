"""Feeds of the public notices: Atom (one entry per incident update, and one per other
notice, each dated when posted) and iCalendar (maintenance windows and closures, with
UIDs that never change, SEQUENCE raised on every edit, CANCELLED once withdrawn)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET
from icalendar import Calendar, Event

from salonkeep.accounts.models import Business
from salonkeep.notices.models import Kind, Notice, NoticeUpdate
from salonkeep.notices.presenting import when_text
from salonkeep.notices.public import public_notices

FEED_ENTRIES = 100
Entry = tuple[Notice, NoticeUpdate | None]


def _status_url(business: Business | None) -> str:
    if business is None:
        return reverse("status:installation")
    return reverse("status:business", args=[business.slug])


class NoticeFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, slug: str = "") -> Business | None:
        return get_object_or_404(Business, slug=slug) if slug else None

    def title(self, obj: Business | None) -> str:
        return f"{obj.name}: service notices" if obj else "Service notices"

    def link(self, obj: Business | None) -> str:
        return _status_url(obj)

    def subtitle(self, obj: Business | None) -> str:
        return "Incidents, maintenance windows, closures and restored service."

    def items(self, obj: Business | None) -> list[Entry]:
        entries: list[Entry] = []
        for notice in public_notices(obj)[:FEED_ENTRIES]:
            if notice.kind == Kind.INCIDENT:
                entries.extend((notice, update) for update in notice.updates.all())
            else:
                entries.append((notice, None))
        entries.sort(key=self.item_pubdate, reverse=True)
        return entries[:FEED_ENTRIES]

    def item_title(self, item: Entry) -> str:
        notice, update = item
        stage = update.get_progress_display() if update else notice.get_kind_display()
        withdrawn = " (withdrawn)" if notice.withdrawn_at else ""
        return f"{stage}: {notice.title}{withdrawn}"

    def item_description(self, item: Entry) -> str:
        notice, update = item
        when = when_text(notice, notice.business.tz if notice.business else notice.tz, _now())
        text = update.message if update else notice.body
        return "\n\n".join(part for part in (text, when) if part)

    def item_link(self, item: Entry) -> str:
        notice, update = item
        anchor = f"update-{update.pk}" if update else f"notice-{notice.pk}"
        return f"{_status_url(notice.business)}#{anchor}"

    def item_guid(self, item: Entry) -> str:
        notice, update = item
        suffix = f":update:{update.pk}" if update else ""
        return f"urn:uuid:{notice.uid}{suffix}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Entry) -> datetime:
        notice, update = item
        return update.posted_at if update else notice.created_at

    def item_updateddate(self, item: Entry) -> datetime:
        notice, update = item
        return update.posted_at if update else notice.updated_at


def _now() -> datetime:
    return timezone.now()


def calendar_bytes(business: Business | None, host: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Salonkeep//Service notices//EN")
    calendar.add("version", "2.0")
    calendar.add(
        "x-wr-calname",
        f"{business.name}: maintenance and closures" if business else "Maintenance and closures",
    )
    timed = public_notices(business).filter(
        kind__in=[Kind.MAINTENANCE, Kind.CLOSURE], starts_at__isnull=False, ends_at__isnull=False
    )
    for notice in timed:
        event = Event()
        event.add("uid", f"{notice.uid}@{host}")
        event.add("summary", f"{notice.get_kind_display()}: {notice.title}")
        event.add("dtstart", notice.starts_at)
        event.add("dtend", notice.ends_at)
        event.add("dtstamp", notice.updated_at)
        event.add("last-modified", notice.updated_at)
        event.add("created", notice.created_at)
        event.add("sequence", notice.revision - 1)
        event.add("status", "CANCELLED" if notice.withdrawn_at else "CONFIRMED")
        services = ", ".join(notice.service_labels())
        description = notice.body + (f"\n\nServices: {services}" if services else "")
        event.add("description", description.strip())
        calendar.add_component(event)
    return bytes(calendar.to_ical())


@require_GET
def notice_calendar(request: HttpRequest, slug: str = "") -> HttpResponse:
    business = get_object_or_404(Business, slug=slug) if slug else None
    host = request.get_host().split(":")[0] or "salonkeep"
    response = HttpResponse(
        calendar_bytes(business, host), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="notices.ics"'
    return response
