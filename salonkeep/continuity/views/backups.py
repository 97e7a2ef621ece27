"""The backups page: every backup of this salon in the configured location, the
recent attempts (failures with their reason), "Backup now" and downloading one backup
as a single file."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import cast

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from salonkeep.accounts.access import MANAGERS, BusinessRequest, staff_required
from salonkeep.accounts.models import Business
from salonkeep.continuity.bucket import BucketError
from salonkeep.continuity.export import BackupFileError, export_backup
from salonkeep.continuity.listing import BackupEntry
from salonkeep.continuity.locations import list_location_backups, local_backup_folder
from salonkeep.continuity.models import BackupRun
from salonkeep.continuity.runs import configured_location, run_backup, settings_for
from salonkeep.notices.enforcement import pause_message, paused
from salonkeep.notices.models import Service

RECENT_RUNS = 20


def listed_backups(business: Business) -> list[BackupEntry]:
    """This salon's backups in its configured location, newest first. The quick check
    (manifest readable, every file there with the right size) keeps the page fast; the
    full check runs before any restore."""
    location = configured_location(settings_for(business))
    return list_location_backups(location, business.slug, thorough=False)


def find_backup(business: Business, name: str) -> BackupEntry:
    """The listed backup whose folder is called ``name``: a path is never taken from
    the request, so nothing outside this salon's own backups can be reached (404)."""
    for entry in listed_backups(business):
        if entry.path.name == name:
            return entry
    raise Http404("No such backup.")


@staff_required(*MANAGERS)
@require_http_methods(["GET"])
def backup_list(request: BusinessRequest) -> HttpResponse:
    business = request.business
    backup_settings = settings_for(business)
    try:
        backups = listed_backups(business)
    except BucketError as error:
        backups = []
        messages.error(request, f"The backups in the bucket cannot be listed: {error}")
    runs = BackupRun.objects.filter(business=business).order_by("-started_at", "-id")
    return render(
        request,
        "continuity/list.html",
        {
            "backups": backups,
            "runs": runs[:RECENT_RUNS],
            "backup_settings": backup_settings,
            "location": configured_location(backup_settings),
        },
    )


@staff_required(*MANAGERS)
@require_POST
def backup_now(request: BusinessRequest) -> HttpResponse:
    maintenance = paused(request.business, Service.BACKUPS)
    if maintenance is not None:
        messages.error(request, pause_message(maintenance, Service.BACKUPS, request.business))
    else:
        run, outcome = run_backup(request.business, "manual")
        if outcome is None:
            messages.error(request, f"The backup failed: {run.error}")
        else:
            messages.success(request, f"Backup made and verified: {outcome.path}")
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("continuity:list")


class _RemovingFolderFile(io.FileIO):
    """The exported file, opened for streaming; its working folder is removed once the
    response has been sent (the response closes it)."""

    def close(self) -> None:
        super().close()
        shutil.rmtree(Path(str(self.name)).parent, ignore_errors=True)


@staff_required(*MANAGERS)
@require_http_methods(["GET"])
def download(request: BusinessRequest, name: str) -> HttpResponse:
    try:
        entry = find_backup(request.business, name)
        with local_backup_folder(entry.path) as folder:
            exported = export_backup(folder)
    except (BackupFileError, BucketError) as error:
        messages.error(request, f"That backup cannot be downloaded: {error}")
        return redirect("continuity:list")
    response = FileResponse(
        _RemovingFolderFile(exported),
        as_attachment=True,
        filename=exported.name,
        content_type="application/x-tar",
    )
    # staff_required's view type names HttpResponse; Django serves a streaming one alike.
    return cast(HttpResponse, response)
