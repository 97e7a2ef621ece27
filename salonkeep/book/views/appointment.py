"""One appointment: what it holds, who booked it, its status and notes."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from salonkeep.accounts.access import BOOKERS, BusinessRequest, staff_required
from salonkeep.book.booking import MOVABLE_STATUSES, BookingError, change_status
from salonkeep.book.forms.changes import MoveForm, NotesForm
from salonkeep.book.forms.new_appointment import describe_minutes
from salonkeep.book.models import Appointment, Status
from salonkeep.book.views.access import appointment_of, lines_of, statuses_allowed
from salonkeep.lib.money import format_money


def client_card_url(appointment: Appointment) -> str | None:
    """The client's record card, when the clients app offers one."""
    try:
        return reverse("clients:detail", args=[appointment.client_id])
    except NoReverseMatch:
        return None


def detail_context(
    req: BusinessRequest, appointment: Appointment, notes_form: NotesForm | None = None
) -> dict[str, Any]:
    lines = lines_of(appointment)
    tz = appointment.business.tz
    local_start = timezone.localtime(appointment.starts_at, tz)
    can_book = req.user.can_book
    rows = [
        {
            "line": line,
            "price": format_money(line.price, appointment.business.currency),
            "length": describe_minutes(
                line.initial_minutes + line.processing_minutes + line.finish_minutes
            ),
        }
        for line in lines
    ]
    allowed = statuses_allowed(req.user, appointment, lines)
    return {
        "appointment": appointment,
        "rows": rows,
        "total": format_money(sum(line.price for line in lines), appointment.business.currency),
        "statuses": [(value, label) for value, label in Status.choices if value in allowed],
        "client_url": client_card_url(appointment),
        "can_book": can_book,
        "can_move": can_book and appointment.status in MOVABLE_STATUSES,
        "notes_form": notes_form or NotesForm(initial={"notes": appointment.notes}),
        "move_form": MoveForm(
            appointment=appointment,
            initial={"date": local_start.date(), "time": local_start.time()},
        ),
        "day_url": f"{reverse('book:day')}?date={local_start:%Y-%m-%d}"
        f"&location={appointment.location_id}",
    }


@staff_required()
@require_GET
def appointment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = cast(BusinessRequest, request)
    appointment = appointment_of(req.business, pk)
    return render(request, "book/detail.html", detail_context(req, appointment))


def _back(req: BusinessRequest, appointment: Appointment) -> HttpResponse:
    target = req.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={req.get_host()}, require_https=req.is_secure()
    ):
        return redirect(target)
    return redirect("book:detail", pk=appointment.pk)


@staff_required()
@require_POST
def appointment_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Change the status. Booking staff may set any status; a stylist may mark their own
    clients arrived, in progress or completed. Cancelling asks for confirmation first."""
    req = cast(BusinessRequest, request)
    appointment = appointment_of(req.business, pk)
    status = request.POST.get("status", "")
    if status not in Status.values:
        messages.error(request, "Choose one of the listed statuses.")
        return redirect("book:detail", pk=appointment.pk)
    lines = lines_of(appointment)
    if status not in statuses_allowed(req.user, appointment, lines):
        if appointment.status == Status.CANCELLED and req.user.can_book:
            messages.error(
                request, "A cancelled appointment stays cancelled; book a new one instead."
            )
            return redirect("book:detail", pk=appointment.pk)
        if appointment.status == status:
            return _back(req, appointment)
        raise PermissionDenied("Your role does not allow this change.")
    if status == Status.CANCELLED and request.POST.get("confirm") != "yes":
        context = detail_context(req, appointment)
        context["next"] = request.POST.get("next", "")
        return render(request, "book/confirm_cancel.html", context)
    try:
        change_status(appointment, status, req.user)
    except BookingError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"{appointment.client.full_name}: {appointment.get_status_display()}."
        )
    return _back(req, appointment)


@staff_required(*BOOKERS)
@require_POST
def appointment_notes(request: HttpRequest, pk: int) -> HttpResponse:
    req = cast(BusinessRequest, request)
    appointment = appointment_of(req.business, pk)
    form = NotesForm(request.POST)
    if not form.is_valid():
        return render(request, "book/detail.html", detail_context(req, appointment, form))
    appointment.notes = form.cleaned_data["notes"]
    # Only the notes are written, so a status changed meanwhile at the desk is not undone.
    appointment.save(update_fields=["notes"])
    messages.success(request, "Notes saved.")
    return redirect("book:detail", pk=appointment.pk)
