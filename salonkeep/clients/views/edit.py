"""Changing a client's contact details, birthday, consent, notes and allergies.

Owners, managers and the front desk only: stylists see the card but do not change who
the client is or how to reach them.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from salonkeep.accounts.access import BOOKERS, BusinessRequest, get_for_business, staff_required
from salonkeep.clients.forms import ClientForm
from salonkeep.clients.models import Client


@require_http_methods(["GET", "POST"])
@staff_required(*BOOKERS)
def edit_client(request: BusinessRequest, client_id: int) -> HttpResponse:
    client = get_for_business(Client, request.business, pk=client_id)
    today = timezone.localdate(timezone=request.business.tz)
    form = ClientForm(request.POST or None, instance=client, today=today)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{client.full_name}'s details saved.")
        return redirect("clients:detail", client_id=client.pk)
    return render(request, "clients/edit.html", {"form": form, "client": client})
