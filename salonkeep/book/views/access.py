"""Which appointment, and what the signed-in person may do with it."""

from __future__ import annotations

from django.http import Http404

from salonkeep.accounts.models import Business, User
from salonkeep.book.models import Appointment, AppointmentService, Status
from salonkeep.team.models import TeamMember

# A stylist keeps their own clients' progress up to date, nothing more: they do not
# book, move or cancel (the front desk owns the book).
STYLIST_STATUSES = (Status.ARRIVED, Status.IN_PROGRESS, Status.COMPLETED)


def appointment_of(business: Business, pk: int) -> Appointment:
    try:
        return Appointment.objects.select_related(
            "business", "client", "location", "created_by", "cancelled_by"
        ).get(business=business, pk=pk)
    except (Appointment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such appointment.") from None


def lines_of(appointment: Appointment) -> list[AppointmentService]:
    return list(appointment.lines.select_related("team_member").order_by("starts_at", "position"))


def statuses_allowed(
    user: User, appointment: Appointment, lines: list[AppointmentService]
) -> list[str]:
    """The statuses this person may set now (empty when they may not change it)."""
    if appointment.status == Status.CANCELLED:
        return []
    if user.can_book:
        choices = list(Status.values)
    else:
        own = TeamMember.objects.filter(business=appointment.business, user=user).first()
        on_a_line = own is not None and any(line.team_member_id == own.pk for line in lines)
        choices = list(STYLIST_STATUSES) if on_a_line else []
    return [status for status in choices if status != appointment.status]
