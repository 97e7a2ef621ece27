"""The client record card: contact details, allergies, patch tests, colour notes, photos
and visits.

Every role sees the whole card (stylists need the colour notes and allergies). The forms
for a new colour note and a new patch test are on the card for every role; changing the
contact details is for owners, managers and the front desk.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from salonkeep.accounts.access import BusinessRequest, get_for_business, staff_required
from salonkeep.clients.forms import ColourNoteForm, PatchTestForm, PhotoForm
from salonkeep.clients.history import HISTORY_MAX, HISTORY_PAGE, visit_history
from salonkeep.clients.models import Client, PatchTestResult


@require_GET
@staff_required()
def client_card(request: BusinessRequest, client_id: int) -> HttpResponse:
    client = get_for_business(Client, request.business, pk=client_id)
    today = timezone.localdate(timezone=request.business.tz)
    limit = history_limit(request.GET.get("visits"))
    patch_tests = list(client.patch_tests.select_related("recorded_by"))
    valid_test = next((test for test in patch_tests if test.is_valid_on(today)), None)
    colour_notes = list(client.colour_notes.select_related("created_by"))
    now = timezone.now()
    context = {
        "client": client,
        "today": today,
        "patch_tests": patch_tests,
        "result_choices": PatchTestResult.choices,
        "valid_patch_test": valid_test,
        "colour_notes": [
            (note, note.is_editable(now) and note.may_be_edited_by(request.user))
            for note in colour_notes
        ],
        "history": visit_history(client, limit),
        "history_limit": limit,
        "more_visits": min(limit + HISTORY_PAGE, HISTORY_MAX),
        "colour_note_form": ColourNoteForm(),
        "photos": list(client.photos.select_related("created_by")),
        "photo_form": PhotoForm(),
        "patch_test_form": PatchTestForm(today=today, initial={"tested_on": today}),
    }
    return render(request, "clients/card.html", context)


def history_limit(text: str | None) -> int:
    """How many past visits to list, from the ``visits`` parameter: a page by default,
    never more than HISTORY_MAX, and a malformed value is simply the default."""
    try:
        requested = int(text or HISTORY_PAGE)
    except ValueError:
        return HISTORY_PAGE
    return max(HISTORY_PAGE, min(requested, HISTORY_MAX))
