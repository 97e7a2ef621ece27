"""Creating a client, with a duplicate check.

The duplicate rule (DOMAIN.md: same phone + same name is a sure match):

- Before saving, `find_duplicates` looks for clients with the same phone number, the same
  e-mail address, or the same full name. If there are none, the client is created.
- If there are possible duplicates, nothing is saved: the form comes back with them
  listed (each links to its card) and a "create anyway" checkbox.
- Possible duplicates that are NOT sure matches (a shared family phone, two people
  called Sarah Smith) only need to be seen: submitting the form again, after the list
  was shown, creates the client. If the details change so that a new possible
  duplicate appears, it is shown first.
- A sure match (same first and last name AND same phone) is refused every time unless
  "create anyway" is ticked.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from salonkeep.accounts.access import BOOKERS, BusinessRequest, staff_required
from salonkeep.clients.forms import CreateClientForm
from salonkeep.clients.models import Client
from salonkeep.clients.search import find_duplicates, is_sure_match

# Never list more than this many possible duplicates (a very common name).
DUPLICATES_SHOWN = 10
DUPLICATES_CONSIDERED = 200


@require_http_methods(["GET", "POST"])
@staff_required(*BOOKERS)
def create_client(request: BusinessRequest) -> HttpResponse:
    today = timezone.localdate(timezone=request.business.tz)
    if request.method != "POST":
        initial = {"first_name": request.GET.get("first_name", "")[:80]}
        form = CreateClientForm(today=today, initial=initial)
        return render(request, "clients/create.html", {"form": form})

    form = CreateClientForm(request.POST, today=today)
    duplicates: list[Client] = []
    sure_matches: list[Client] = []
    if form.is_valid():
        data = form.cleaned_data
        candidates = find_duplicates(
            request.business, data["first_name"], data["last_name"], data["phone"], data["email"]
        )[:DUPLICATES_CONSIDERED]
        sure_matches = [
            client
            for client in candidates
            if is_sure_match(client, data["first_name"], data["last_name"], data["phone"])
        ]
        # Sure matches first, so they are among those listed however common the name.
        duplicates = (
            sure_matches + [client for client in candidates if client not in sure_matches]
        )[:DUPLICATES_SHOWN]
        seen = form.seen_duplicate_ids()
        confirmed = data["create_anyway"] or (
            not sure_matches and {client.pk for client in duplicates} <= seen
        )
        if not duplicates or confirmed:
            return _save(request, form)
        # Shown once: the next submit knows which duplicates the person has seen.
        shown = request.POST.copy()
        shown["seen_duplicates"] = ",".join(str(client.pk) for client in duplicates)
        form = CreateClientForm(shown, today=today)
    return render(
        request,
        "clients/create.html",
        {"form": form, "duplicates": duplicates, "sure_matches": sure_matches},
    )


def _save(request: BusinessRequest, form: CreateClientForm) -> HttpResponseRedirect:
    client = form.save(commit=False)
    client.business = request.business
    client.save()
    messages.success(request, f"{client.full_name} added.")
    return redirect("clients:detail", client_id=client.pk)
