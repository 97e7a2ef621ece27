"""The notices page (what is going on, and the history) and one notice."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from salonkeep.accounts.access import BusinessRequest, staff_required
from salonkeep.notices.access import may_edit, visible_notice
from salonkeep.notices.forms import UpdateForm
from salonkeep.notices.models import Kind
from salonkeep.notices.state import current_and_upcoming, service_states, visible_to

HISTORY_PAGE = 25


@require_GET
@staff_required()
def notice_list(request: BusinessRequest) -> HttpResponse:
    now = timezone.now()
    notices = visible_to(request.business).prefetch_related("updates")
    live = [n for n in notices.filter(withdrawn_at__isnull=True)[:200]]
    current = current_and_upcoming(live, now)
    history = Paginator(notices, HISTORY_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/list.html",
        {
            "overview": service_states(live, now),
            "current": current,
            "history": history,
            "kinds": Kind.choices,
            "can_post": request.user.can_manage,
        },
    )


@require_GET
@staff_required()
def notice_detail(request: BusinessRequest, pk: int) -> HttpResponse:
    notice = visible_notice(request.business, pk)
    editable = may_edit(request.user, notice)
    return render(
        request,
        "notices/detail.html",
        {
            "notice": notice,
            "editable": editable,
            "update_form": UpdateForm(notice=notice)
            if editable and notice.kind == Kind.INCIDENT and notice.withdrawn_at is None
            else None,
        },
    )
