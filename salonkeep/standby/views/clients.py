"""Client record cards, read-only: details, allergies, patch tests, colour notes, history."""

from __future__ import annotations

from typing import cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from salonkeep.accounts.access import BusinessRequest, get_for_business, staff_required
from salonkeep.book.models import Appointment
from salonkeep.clients.models import Client
from salonkeep.clients.search import search_clients

HISTORY_LIMIT = 50


@staff_required()
def client_list(request: HttpRequest) -> HttpResponse:
    business = cast(BusinessRequest, request).business
    query = request.GET.get("q", "")[:100]
    clients = search_clients(business, query, limit=50) if query.strip() else []
    return render(request, "standby/clients.html", {"query": query, "clients": clients})


@staff_required()
def client_card(request: HttpRequest, pk: str) -> HttpResponse:
    business = cast(BusinessRequest, request).business
    client = get_for_business(Client, business, pk=pk)
    appointments = list(
        Appointment.objects.filter(business=business, client=client)
        .prefetch_related("lines__team_member")
        .order_by("-starts_at")[:HISTORY_LIMIT]
    )
    context = {
        "client": client,
        "appointments": appointments,
        "colour_notes": client.colour_notes.order_by("-created_at"),
        "patch_tests": client.patch_tests.order_by("-tested_on"),
        "history_limit": HISTORY_LIMIT,
    }
    return render(request, "standby/client.html", context)
