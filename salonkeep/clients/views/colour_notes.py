"""Colour notes and formulas: dated, signed, and append-only after a day.

Anyone may add a note. A note can be corrected for 24 hours after it was written (by its
author, or by an owner or manager); after that it is history: an attempt to change it is
refused with a message, and the text typed is offered as a new note instead, so nothing
the stylist wrote is lost and nothing already recorded is rewritten. Notes are never
deleted.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from salonkeep.accounts.access import BusinessRequest, get_for_business, staff_required
from salonkeep.clients.forms import ColourNoteForm
from salonkeep.clients.models import Client, ColourNote

LOCKED_MESSAGE = (
    "This colour note was written more than 24 hours ago and is now part of the client's "
    "history; it cannot be changed. Add a new note instead."
)
NOT_AUTHOR_MESSAGE = "Only the person who wrote this note, or a manager, can correct it."


@require_http_methods(["GET", "POST"])
@staff_required()
def add_colour_note(request: BusinessRequest, client_id: int) -> HttpResponse:
    client = get_for_business(Client, request.business, pk=client_id)
    form = ColourNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        note = form.save(commit=False)
        note.business = request.business
        note.client = client
        note.created_by = request.user
        note.created_at = timezone.now()
        note.save()
        messages.success(request, "Colour note added.")
        return redirect("clients:detail", client_id=client.pk)
    return render(request, "clients/colour_note_form.html", {"form": form, "client": client})


@require_http_methods(["GET", "POST"])
@staff_required()
def edit_colour_note(request: BusinessRequest, client_id: int, note_id: int) -> HttpResponse:
    client = get_for_business(Client, request.business, pk=client_id)
    note = get_for_business(ColourNote, request.business, pk=note_id, client=client)
    if not note.may_be_edited_by(request.user):
        raise PermissionDenied(NOT_AUTHOR_MESSAGE)
    if not note.is_editable():
        # Keep what was typed: it becomes the start of a new note, never an overwrite.
        typed = request.POST.get("formula", note.formula) if request.method == "POST" else ""
        new_note = ColourNoteForm(initial={"formula": typed[:2000]})
        return render(
            request,
            "clients/colour_note_locked.html",
            {"client": client, "note": note, "form": new_note, "locked_message": LOCKED_MESSAGE},
            status=409 if request.method == "POST" else 200,
        )
    form = ColourNoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Colour note corrected.")
        return redirect("clients:detail", client_id=client.pk)
    return render(
        request, "clients/colour_note_form.html", {"form": form, "client": client, "note": note}
    )
