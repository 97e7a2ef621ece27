"""The printout links in the day book's toolbar ("tomorrow's sheets" one click away),
and a warning there when the last outage pack failed."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import template

from salonkeep.accounts.models import Location, User
from salonkeep.printouts.models import PackStatus
from salonkeep.printouts.schedule import latest_pack_run

register = template.Library()


@register.inclusion_tag("printouts/_book_links.html", takes_context=True)
def book_printout_links(
    context: dict[str, Any], day: date, today: date, location: Location
) -> dict[str, Any]:
    user = context["user"]
    assert isinstance(user, User)
    failed_pack = None
    # The standby's snapshot has no record of packs (not business data): ask only live.
    if user.can_manage and not context.get("standby"):
        run = latest_pack_run(context["business"])
        failed_pack = run if run is not None and run.status == PackStatus.FAILED else None
    return {
        "day": day,
        "tomorrow": today + timedelta(days=1),
        "location": location,
        "can_see_all_sheets": user.can_book,
        "can_manage": user.can_manage,
        "own_member": getattr(user, "team_member", None),
        "failed_pack": failed_pack,
    }
