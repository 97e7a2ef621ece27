"""The outage pack page: when it is written, where, the last attempts, and a button to
write it now."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from salonkeep.accounts.access import MANAGERS, BusinessRequest, staff_required
from salonkeep.printouts.forms import OutagePackSettingsForm
from salonkeep.printouts.models import OutagePackRun, PackStatus
from salonkeep.printouts.pack import KEEP_DAYS, next_working_day, pack_locations, pack_place
from salonkeep.printouts.schedule import (
    claim,
    pack_settings_for,
    peek_pack_settings,
    release,
    reschedule,
    write_pack_everywhere,
)
from salonkeep.printouts.views.common import in_standby, today_in

RECENT_RUNS = 10


@staff_required(*MANAGERS)
@require_http_methods(["GET", "POST"])
def outage_pack_settings(request: HttpRequest) -> HttpResponse:
    req = cast(BusinessRequest, request)
    business = req.business
    if in_standby():
        # The backup book writes nothing; its copy holds no record of packs either.
        raise Http404("The outage pack is set up in the live system.")
    if request.method == "POST":
        form = OutagePackSettingsForm(request.POST, instance=pack_settings_for(business))
        if form.is_valid():
            saved = form.save()
            reschedule(saved.pk, timezone.now())
            messages.success(request, "Outage pack settings saved.")
            return redirect("printouts:outage_pack")
    else:
        form = OutagePackSettingsForm(instance=peek_pack_settings(business))
    current = peek_pack_settings(business)
    context = {
        "form": form,
        "pack_settings": current,
        "locations": [pack_place(business, location) for location in pack_locations(business)],
        "runs": OutagePackRun.objects.filter(business=business)[:RECENT_RUNS],
        "keep_days": KEEP_DAYS,
        "next_day": next_working_day(business, today_in(business)),
    }
    return render(request, "printouts/outage_pack.html", context)


@staff_required(*MANAGERS)
@require_POST
def write_outage_pack_now(request: HttpRequest) -> HttpResponse:
    req = cast(BusinessRequest, request)
    business = req.business
    pack_settings = pack_settings_for(business)
    if not claim(pack_settings.pk, timezone.now(), only_if_due=False):
        messages.warning(
            request, "The outage pack is being written right now; look again in a minute."
        )
        return redirect("printouts:outage_pack")
    try:
        day = next_working_day(business, today_in(business))
        runs = write_pack_everywhere(business, day, "manual")
    finally:
        release(pack_settings.pk)
    for run in runs:
        if run.status == PackStatus.WRITTEN:
            messages.success(request, f"Outage pack for {day:%A %d %B} written to {run.folder}.")
        else:
            messages.error(request, f"The outage pack could not be written: {run.error}")
    return redirect("printouts:outage_pack")
