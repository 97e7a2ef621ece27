"""Booking a new appointment, with the client found or created on the same page."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any, cast

from django.contrib import messages
from django.db import transaction
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from salonkeep.accounts.access import BOOKERS, BusinessRequest, staff_required
from salonkeep.accounts.models import Location
from salonkeep.book.booking import MAX_LINES, BookingError, LineRequest, book_appointment
from salonkeep.book.forms.fields import TIME_INPUT_FORMATS
from salonkeep.book.forms.new_appointment import (
    AppointmentForm,
    LineForm,
    LineFormSet,
    ServiceMinutes,
    filled_lines,
    line_starts,
)
from salonkeep.book.views.navigation import (
    business_locations,
    chosen_location,
    chosen_member,
    requested_day,
)
from salonkeep.clients.models import Client
from salonkeep.clients.search import search_clients

LINES_PREFIX = "lines"
SEARCH_RESULTS = 8


def _parse_time(text: str | None) -> time | None:
    for fmt in TIME_INPUT_FORMATS:
        try:
            return datetime.strptime((text or "").strip(), fmt).time()
        except ValueError:
            continue
    return None


@staff_required(*BOOKERS)
@require_http_methods(["GET", "POST"])
def new_appointment(request: HttpRequest) -> HttpResponse:
    req = cast(BusinessRequest, request)
    business = req.business
    if request.method == "GET":
        return _blank_form(req)
    form = AppointmentForm(request.POST, business=business)
    lines = LineFormSet(request.POST, prefix=LINES_PREFIX, form_kwargs={"business": business})
    form_valid = form.is_valid()
    lines_valid = lines.is_valid()
    if "add_line" in request.POST:
        return _with_another_line(req, form)
    if "find_client" in request.POST:
        return _page(req, form, lines)
    similar: list[Client] = []
    if form_valid:
        similar = form.check_client()
    if form_valid and lines_valid and not form.errors:
        booked = _book(req, form, lines)
        if booked is not None:
            return booked
    return _page(req, form, lines, similar=similar)


def _blank_form(req: BusinessRequest) -> HttpResponse:
    """The form prefilled from the book: the day, time and team member clicked."""
    business = req.business
    params = req.GET
    location = chosen_location(business_locations(business), params.get("location"))
    member = chosen_member(business, params["member"]) if params.get("member") else None
    day, _ = requested_day(business, params.get("date"))
    form = AppointmentForm(business=business, initial={"location": location, "date": day})
    lines = LineFormSet(
        prefix=LINES_PREFIX,
        form_kwargs={"business": business},
        initial=[{"team_member": member, "start": _parse_time(params.get("time"))}],
    )
    return _page(req, form, lines)


def _with_another_line(req: BusinessRequest, form: AppointmentForm) -> HttpResponse:
    """Without JavaScript, "Add another service" posts the form back with one more line."""
    data: QueryDict = req.POST.copy()
    key = f"{LINES_PREFIX}-TOTAL_FORMS"
    try:
        count = int(data.get(key, "1"))
    except ValueError:
        count = 1
    data[key] = str(min(MAX_LINES, max(1, count) + 1))
    lines = LineFormSet(data, prefix=LINES_PREFIX, form_kwargs={"business": req.business})
    return _page(req, form, lines)


def _book(
    req: BusinessRequest, form: AppointmentForm, lines: BaseFormSet[LineForm]
) -> HttpResponse | None:
    """Book, or put the reason on the form and return None. A client created inline is
    only kept when the booking succeeds."""
    business = req.business
    data = form.cleaned_data
    requested = filled_lines(lines)
    if not requested:
        form.add_error(None, "Choose at least one service.")
        return None
    starts = line_starts(requested, data["date"], business, ServiceMinutes(business))
    if isinstance(starts, str):
        form.add_error(None, starts)
        return None
    try:
        with transaction.atomic():
            client = form.chosen_client
            if client is None:
                client = form.new_client()
                client.save()
            appointment = book_appointment(
                business=business,
                location=data["location"],
                client=client,
                lines=[
                    LineRequest(
                        service=line["service"],
                        team_member=line["team_member"],
                        starts_at=start,
                        price=line.get("price"),
                    )
                    for line, start in zip(requested, starts, strict=True)
                ],
                notes=data.get("notes", ""),
                created_by=req.user,
            )
    except BookingError as error:
        form.add_error(None, error.message)
        return None
    local_start = timezone.localtime(appointment.starts_at, business.tz)
    messages.success(
        req, f"Booked {client.full_name} on {local_start:%A %d %B} at {local_start:%H:%M}."
    )
    return redirect(
        f"{reverse('book:day')}?date={local_start:%Y-%m-%d}&location={appointment.location_id}"
    )


def _client_choices(form: AppointmentForm, similar: list[Client]) -> list[Client]:
    """The clients offered as choices: the one already picked, clients similar to a new
    one being entered, and the results of the search box."""
    choices: dict[int, Client] = {}
    if form.chosen_client is not None:
        choices[form.chosen_client.pk] = form.chosen_client
    for client in similar:
        choices.setdefault(client.pk, client)
    query = form.cleaned_data.get("client_query", "") if form.is_bound else ""
    if query:
        for client in search_clients(form.business, query, limit=SEARCH_RESULTS):
            choices.setdefault(client.pk, client)
    return list(choices.values())


def _page(
    req: BusinessRequest,
    form: AppointmentForm,
    lines: BaseFormSet[LineForm],
    similar: list[Client] | None = None,
) -> HttpResponse:
    business = req.business
    cleaned: dict[str, Any] = getattr(form, "cleaned_data", {})
    context = {
        "form": form,
        "lines": lines,
        "client_choices": _client_choices(form, similar or []) if form.is_bound else [],
        "selected_client": cleaned.get("client", ""),
        "wants_new_client": form.is_bound and form.wants_new_client,
        "client_query": cleaned.get("client_query", ""),
        "similar": similar or [],
        "service_minutes": ServiceMinutes(business).as_json(),
        "single_location": Location.objects.filter(business=business).count() == 1,
    }
    return render(req, "book/new.html", context)


@staff_required(*BOOKERS)
@require_GET
def client_search(request: HttpRequest) -> HttpResponse:
    """Search results as radio buttons for the new-appointment form (htmx swaps them in
    as the person types). The client already picked stays first."""
    req = cast(BusinessRequest, request)
    query = request.GET.get("client_query", "")[:100]
    choices: dict[int, Client] = {}
    picked = request.GET.get("client", "")
    if picked.isdigit():
        chosen = Client.objects.filter(business=req.business, pk=picked).first()
        if chosen is not None:
            choices[chosen.pk] = chosen
    for client in search_clients(req.business, query, limit=SEARCH_RESULTS):
        choices.setdefault(client.pk, client)
    context: dict[str, Any] = {
        "client_choices": list(choices.values()),
        "selected_client": picked,
        "client_query": query.strip(),
    }
    return render(request, "book/_client_choices.html", context)
