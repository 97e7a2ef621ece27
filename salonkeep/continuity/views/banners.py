"""Dismissing the once-a-day backup reminder."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from salonkeep.accounts.access import MANAGERS, BusinessRequest, staff_required
from salonkeep.continuity.banners import REMINDER_DISMISSED_KEY, dismissed_today


@staff_required(*MANAGERS)
@require_POST
def dismiss_reminder(request: BusinessRequest) -> HttpResponse:
    # Per login and per day: the session is the user's own, and the date is the salon's.
    request.session[REMINDER_DISMISSED_KEY] = dismissed_today(request.business)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("book:day")
