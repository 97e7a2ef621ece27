"""Closing a notice's banner for this login (until the notice changes)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from salonkeep.accounts.access import BusinessRequest, staff_required
from salonkeep.notices.access import visible_notice
from salonkeep.notices.models import NoticeDismissal


@require_POST
@staff_required()
def dismiss(request: BusinessRequest, pk: int) -> HttpResponse:
    notice = visible_notice(request.business, pk)
    NoticeDismissal.objects.update_or_create(
        user=request.user, notice=notice, defaults={"revision": notice.revision}
    )
    if request.headers.get("HX-Request"):
        return HttpResponse("")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}):
        target = "/"
    return redirect(target)
