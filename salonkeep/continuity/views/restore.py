"""Restoring the salon from one of its listed backups or an uploaded ``.salonkeep``
file (owners only). The backup is fully verified first; a confirmation page says what it
is and what it replaces, and the owner types the salon's name to go on. An encrypted
backup also asks for its passphrase there; a wrong one is asked for again, with nothing
changed, and the passphrase is used for that one request only (never stored or logged;
hidden from error reports)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from salonkeep.accounts.access import BusinessRequest, for_business, staff_required
from salonkeep.accounts.models import Role, User
from salonkeep.book.models import Appointment
from salonkeep.clients.models import Client
from salonkeep.continuity.backup import WORK_FOLDER, BackupError, make_work_folder
from salonkeep.continuity.bucket import BucketError, BucketLocation
from salonkeep.continuity.export import UNPACKED_FOLDER, BackupFileError, unpack_backup_file
from salonkeep.continuity.forms import RestoreConfirmForm
from salonkeep.continuity.locations import local_backup_folder
from salonkeep.continuity.manifest import Manifest
from salonkeep.continuity.restore import RestoreError, WrongPassphrase, restore_backup
from salonkeep.continuity.runs import configured_location, settings_for
from salonkeep.continuity.verify import verify_backup
from salonkeep.continuity.views.backups import find_backup, listed_backups
from salonkeep.team.models import TeamMember

UPLOAD_KEY = "continuity_upload"
UPLOAD_PREFIX = "upload-"
UPLOAD_NAME = re.compile(r"upload-[A-Za-z0-9_]{1,40}")


class Refused(Exception):
    """The chosen backup cannot be restored here; nothing changed."""


def _upload_folder(request: BusinessRequest) -> Path:
    """The folder the owner's uploaded backup was unpacked into (named in their session,
    never by the request)."""
    name = str(request.session.get(UPLOAD_KEY, ""))
    work = Path(settings.SALONKEEP_HOME) / WORK_FOLDER / name
    if not UPLOAD_NAME.fullmatch(name) or not work.is_dir():
        raise Refused("The uploaded file is no longer here. Upload it again.")
    return work


def _forget_upload(request: BusinessRequest) -> None:
    name = str(request.session.pop(UPLOAD_KEY, ""))
    if UPLOAD_NAME.fullmatch(name):
        shutil.rmtree(Path(settings.SALONKEEP_HOME) / WORK_FOLDER / name, ignore_errors=True)


def _receive_upload(request: BusinessRequest) -> Path:
    _forget_upload(request)
    upload = request.FILES.get("backup_file")
    if not isinstance(upload, UploadedFile) or upload.file is None:
        raise Refused("Choose a .salonkeep file to upload.")
    try:
        work = make_work_folder(UPLOAD_PREFIX)
    except BackupError as error:
        raise Refused(str(error)) from None
    request.session[UPLOAD_KEY] = work.name
    try:
        return unpack_backup_file(upload.file, work)
    except BackupFileError as error:
        _forget_upload(request)
        raise Refused(f"{upload.name}: {error}") from None


def _chosen_folder(request: BusinessRequest) -> tuple[str, str, Path | BucketLocation]:
    """(source, backup name, folder) of what the owner chose: a listed backup, by its
    folder name, or the uploaded file."""
    source = request.POST.get("source", "")
    if source == "upload":
        if request.POST.get("step") == "check":
            if "backup_file" not in request.FILES:
                raise Refused("Choose a .salonkeep file to upload.")
            return source, "", _receive_upload(request)
        return source, "", _upload_folder(request) / UNPACKED_FOLDER
    name = request.POST.get("backup", "")
    if not name:
        raise Refused("Choose a backup to restore, or upload a backup file.")
    return "listed", name, find_backup(request.business, name).path


def _checked_manifest(request: BusinessRequest, folder: Path) -> Manifest:
    result = verify_backup(folder)
    if not result.ok or result.manifest is None:
        raise Refused("This is not a usable backup: " + "; ".join(result.problems))
    info = result.manifest.business
    if info.id != request.business.pk:
        raise Refused(
            f"This is a backup of {info.name} ({info.slug}), not of {request.business.name}. "
            "One salon's backup is never restored over another's."
        )
    return result.manifest


def _confirm_context(request: BusinessRequest, manifest: Manifest) -> dict[str, Any]:
    business = request.business
    return {
        "manifest": manifest,
        "created_local": manifest.created_at.astimezone(business.tz),
        "row_counts": sorted(manifest.row_counts.items()),
        "live_counts": [
            ("Appointments", for_business(Appointment, business).count()),
            ("Clients", for_business(Client, business).count()),
            ("Team members", for_business(TeamMember, business).count()),
            ("Staff logins", for_business(User, business).count()),
        ],
    }


def _choose_page(request: BusinessRequest, status: int = 200) -> HttpResponse:
    try:
        backups = listed_backups(request.business)
    except BucketError as error:
        backups = []
        messages.error(request, f"The backups in the bucket cannot be listed: {error}")
    return render(request, "continuity/restore.html", {"backups": backups}, status=status)


@sensitive_post_parameters("passphrase")
@staff_required(Role.OWNER)
@require_http_methods(["GET", "POST"])
def restore(request: BusinessRequest) -> HttpResponse:
    if request.method == "GET":
        return _choose_page(request)
    try:
        source, name, where = _chosen_folder(request)
        # A backup in a bucket is downloaded into a working folder for this request.
        with local_backup_folder(where) as folder:
            return _check_and_restore(request, source, name, folder)
    except (Refused, BucketError) as error:
        messages.error(request, f"Nothing was restored. {error}")
        return _choose_page(request, status=400)


def _check_and_restore(
    request: BusinessRequest, source: str, name: str, folder: Path
) -> HttpResponse:
    manifest = _checked_manifest(request, folder)
    form = RestoreConfirmForm(
        request.POST if request.POST.get("step") == "restore" else None,
        salon_name=request.business.name,
        encrypted=manifest.encryption is not None,
    )

    def confirm_page(status: int) -> HttpResponse:
        context = {"form": form, "source": source, "backup_name": name}
        context.update(_confirm_context(request, manifest))
        return render(request, "continuity/confirm.html", context, status=status)

    if not form.is_bound or not form.is_valid():
        return confirm_page(400 if form.is_bound else 200)
    try:
        outcome = restore_backup(
            folder,
            business_slug=request.business.slug,
            safety_location=configured_location(settings_for(request.business)),
            # Only in memory for this request: never in the session, a log or the page.
            passphrase=form.cleaned_data.get("passphrase"),
        )
    except WrongPassphrase as error:
        # Ask again on the same page: the upload is kept, nothing has changed.
        form.add_error("passphrase", f"{error} Nothing was restored.")
        return confirm_page(400)
    except RestoreError as error:
        messages.error(request, f"Nothing was restored. {error}")
        return _choose_page(request, status=400)
    if source == "upload":
        _forget_upload(request)
    # The salon's logins were replaced by the backup's: start again from the login page.
    logout(request)
    safety = ""
    if outcome.safety_backup:
        safety = f" The data it replaced is in {outcome.safety_backup}."
    messages.success(
        request,
        f"{outcome.business.name} was restored from the backup of "
        f"{manifest.created_at.astimezone(outcome.business.tz):%d %b %Y %H:%M}.{safety} "
        "Log in again.",
    )
    return redirect("login")
