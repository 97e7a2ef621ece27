"""Moving an appointment: the form, and what drag-and-drop in the book posts."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from salonkeep.accounts.access import BOOKERS, BusinessRequest, staff_required
from salonkeep.book.booking import MOVABLE_STATUSES, BookingError, move_appointment
from salonkeep.book.forms.changes import MoveForm
from salonkeep.book.models import Appointment
from salonkeep.book.views.access import appointment_of, lines_of


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _first_error(form: MoveForm) -> str:
    for errors in form.errors.values():
        for error in errors:
            return str(error)
    return "The appointment could not be moved."


def _moved_message(appointment: Appointment) -> str:
    start = timezone.localtime(appointment.starts_at, appointment.business.tz)
    return f"Moved {appointment.client.full_name} to {start:%A %d %B} at {start:%H:%M}."


@staff_required(*BOOKERS)
@require_http_methods(["GET", "POST"])
def move_view(request: HttpRequest, pk: int) -> HttpResponse:
    req = cast(BusinessRequest, request)
    appointment = appointment_of(req.business, pk)
    if request.method == "GET":
        start = timezone.localtime(appointment.starts_at, req.business.tz)
        form = MoveForm(
            appointment=appointment, initial={"date": start.date(), "time": start.time()}
        )
        return _page(req, appointment, form)
    form = MoveForm(request.POST, appointment=appointment)
    refused = False
    if form.is_valid():
        try:
            move_appointment(appointment, new_start=form.new_start(), reassign=form.reassign())
        except BookingError as error:
            form.add_error(None, error.message)
            refused = True
        else:
            if _wants_json(request):
                return JsonResponse({"ok": True, "message": _moved_message(appointment)})
            messages.success(request, _moved_message(appointment))
            start = timezone.localtime(appointment.starts_at, req.business.tz)
            return redirect(
                f"{reverse('book:day')}?date={start:%Y-%m-%d}&location={appointment.location_id}"
            )
    if _wants_json(request):
        # 409: the request was understood but the book does not allow it (busy, closed).
        return JsonResponse(
            {"ok": False, "error": _first_error(form)}, status=409 if refused else 400
        )
    appointment.refresh_from_db()
    return _page(req, appointment, form)


def _page(req: BusinessRequest, appointment: Appointment, form: MoveForm) -> HttpResponse:
    return render(
        req,
        "book/move.html",
        {
            "appointment": appointment,
            "lines": lines_of(appointment),
            "form": form,
            "movable": appointment.status in MOVABLE_STATUSES,
        },
    )
