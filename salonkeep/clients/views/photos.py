"""Photos on the client record card (before/after, a colour result).

Like colour notes, every role may add photos and see them: stylists take the before and
after pictures at the chair. Removing a photo from the card is for owners, managers and the
front desk, who look after the client record; a stylist cannot remove a colleague's (or
their own) picture, just as a colour note is never deleted by a stylist. Removing a photo
deletes its row only: the file stays in the content-addressed store, because other rows and
backups may share it.
"""

from __future__ import annotations

import errno
import io
import logging
from typing import TypeVar, cast

from django.contrib import messages
from django.http import FileResponse, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from PIL import Image

from salonkeep.accounts.access import BOOKERS, BusinessRequest, get_for_business, staff_required
from salonkeep.clients.forms import PhotoForm
from salonkeep.clients.models import Client, ClientPhoto
from salonkeep.clients.photo_images import (
    THUMBNAIL_CONTENT_TYPE,
    cached_thumbnail,
    without_location,
)
from salonkeep.clients.photo_store import photo_path, store_photo

logger = logging.getLogger(__name__)
R = TypeVar("R", bound=HttpResponseBase)

# The bytes behind a photo never change (the URL carries the photo id, the file is named by
# its hash), so browsers may keep them for a year. "private": they are client data.
IMMUTABLE_CACHE = "private, max-age=31536000, immutable"
DISK_FULL_MESSAGE = (
    "The photo could not be saved: the computer's disk is full. Nothing was saved. "
    "Free some space (or ask whoever looks after the computer) and try again."
)
NOT_WRITABLE_MESSAGE = (
    "The photo could not be saved: the photo folder cannot be written to. Nothing was "
    "saved. Ask whoever looks after the computer to check the Salonkeep data folder."
)
MISSING_PHOTO_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="240" height="180" viewBox="0 0 240 180">'
    '<rect width="240" height="180" fill="#eee"/>'
    '<text x="120" y="85" font-family="sans-serif" font-size="15" text-anchor="middle" '
    'fill="#555">Photo file missing</text>'
    '<text x="120" y="108" font-family="sans-serif" font-size="12" text-anchor="middle" '
    'fill="#777">Restore it from a backup</text></svg>'
)


@require_http_methods(["GET", "POST"])
@staff_required()
def add_photo(request: BusinessRequest, client_id: int) -> HttpResponse:
    client = get_for_business(Client, request.business, pk=client_id)
    # Bound on every POST: a post with only a file (no caption) is still an upload.
    form = PhotoForm(request.POST, request.FILES) if request.method == "POST" else PhotoForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["photo"]
        try:
            upload.seek(0)
            sha256, size = store_photo(io.BytesIO(without_location(upload.read())))
        except OSError as error:
            logger.error("Could not store a client photo: %s", error)
            form.add_error(None, storage_message(error))
            return render(
                request, "clients/photo_form.html", {"form": form, "client": client}, status=503
            )
        # If this create fails the stored file has no row. That is harmless: the file is
        # immutable, named by its content, and reused by the next upload of the same photo.
        ClientPhoto.objects.create(
            business=request.business,
            client=client,
            sha256=sha256,
            size=size,
            content_type=form.content_type,
            caption=form.cleaned_data["caption"],
            created_by=request.user,
        )
        messages.success(request, "Photo added.")
        return redirect(reverse("clients:detail", args=[client.pk]) + "#photos")
    return render(request, "clients/photo_form.html", {"form": form, "client": client})


def storage_message(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return DISK_FULL_MESSAGE
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return NOT_WRITABLE_MESSAGE
    return f"The photo could not be saved ({error.strerror or error}). Nothing was saved."


@require_GET
@staff_required()
def photo_thumbnail(request: BusinessRequest, client_id: int, photo_id: int) -> HttpResponse:
    photo = get_photo(request, client_id, photo_id)
    if request.headers.get("If-None-Match") == etag(photo):
        return not_modified(photo)
    original = photo_path(photo.sha256)
    if not original.is_file():
        # Even with a cached thumbnail: the card should show what opening the photo gives.
        return missing_photo()
    try:
        data = cached_thumbnail(photo.sha256, original)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        # A missing or damaged file in the store is shown as a placeholder, never a 500.
        logger.warning("Client photo %s cannot be shown: %s", photo.pk, error)
        return missing_photo()
    response = HttpResponse(data, content_type=THUMBNAIL_CONTENT_TYPE)
    return cache_forever(response, photo)


@require_GET
@staff_required()
def photo_original(request: BusinessRequest, client_id: int, photo_id: int) -> HttpResponse:
    photo = get_photo(request, client_id, photo_id)
    if request.headers.get("If-None-Match") == etag(photo):
        return not_modified(photo)
    try:
        handle = photo_path(photo.sha256).open("rb")
    except OSError as error:
        logger.warning("Client photo %s cannot be shown: %s", photo.pk, error)
        return missing_photo()
    response = FileResponse(handle, content_type=photo.content_type)
    # Streamed rather than read into memory; staff_required is typed for HttpResponse only.
    return cast(HttpResponse, cache_forever(response, photo))


@require_POST
@staff_required(*BOOKERS)
def delete_photo(request: BusinessRequest, client_id: int, photo_id: int) -> HttpResponse:
    photo = get_photo(request, client_id, photo_id)
    photo.delete()
    messages.success(request, "Photo removed from the card.")
    return redirect(reverse("clients:detail", args=[client_id]) + "#photos")


def get_photo(request: BusinessRequest, client_id: int, photo_id: int) -> ClientPhoto:
    client = get_for_business(Client, request.business, pk=client_id)
    return get_for_business(ClientPhoto, request.business, pk=photo_id, client=client)


def etag(photo: ClientPhoto) -> str:
    return f'"{photo.sha256}"'


def cache_forever(response: R, photo: ClientPhoto) -> R:
    response["Cache-Control"] = IMMUTABLE_CACHE
    response["ETag"] = etag(photo)
    return response


def not_modified(photo: ClientPhoto) -> HttpResponse:
    response = HttpResponseNotModified()
    response["Cache-Control"] = IMMUTABLE_CACHE
    response["ETag"] = etag(photo)
    return response


def missing_photo() -> HttpResponse:
    response = HttpResponse(MISSING_PHOTO_SVG, content_type="image/svg+xml", status=404)
    # The file may come back (restored from a backup), so this answer must not be kept.
    response["Cache-Control"] = "no-store"
    return response
