"""Booking, moving and changing appointments.

No double booking: the busy time of a team member is checked and written inside ONE
database transaction that first locks the team members involved (``SELECT ... FOR
UPDATE`` on PostgreSQL; on SQLite every write transaction is IMMEDIATE, which takes the
database's write lock at BEGIN). Two people clicking at the same moment are therefore
serialised by the database: the second one sees the first one's appointment and is
refused. A check made before the transaction would not be enough.

Price and duration are copied onto each line when booked; later changes to the service
menu never change booked appointments. Processing time is free for the team member, so
another client can be booked into it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from salonkeep.accounts.models import Business, Location, User
from salonkeep.book.models import (
    RELEASED_STATUSES,
    Appointment,
    AppointmentService,
    Status,
    busy_periods,
)
from salonkeep.catalog.models import Service, ServicePerformer, terms_for
from salonkeep.clients.models import Client
from salonkeep.lib.dates import local_instant
from salonkeep.team.models import TeamMember
from salonkeep.team.schedule import is_working, working_periods

MAX_LINES = 12
Period = tuple[datetime, datetime]


class BookingError(Exception):
    """A booking that cannot be made; the message is shown to the person booking."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class LineRequest:
    """One service to book: who does it and when it starts (an aware datetime).
    ``price`` and the minute fields override the usual terms for this appointment only."""

    service: Service
    team_member: TeamMember
    starts_at: datetime
    price: int | None = None
    initial_minutes: int | None = None
    processing_minutes: int | None = None
    finish_minutes: int | None = None
    blocked_minutes: int | None = None


@dataclass
class PlannedLine:
    """A line as it will be stored, before it is written."""

    service: Service
    team_member: TeamMember
    service_name: str
    price: int
    starts_at: datetime
    initial_minutes: int
    processing_minutes: int
    finish_minutes: int
    blocked_minutes: int

    @property
    def client_ends_at(self) -> datetime:
        return self.starts_at + timedelta(
            minutes=self.initial_minutes + self.processing_minutes + self.finish_minutes
        )

    @property
    def ends_at(self) -> datetime:
        return self.client_ends_at + timedelta(minutes=self.blocked_minutes)

    def busy(self) -> list[Period]:
        return busy_periods(
            self.starts_at,
            self.initial_minutes,
            self.processing_minutes,
            self.finish_minutes,
            self.blocked_minutes,
        )


def _overlaps(first: Iterable[Period], second: Iterable[Period]) -> bool:
    second = list(second)
    return any(
        a_start < b_end and b_start < a_end for a_start, a_end in first for b_start, b_end in second
    )


def _local(moment: datetime, business: Business) -> str:
    return timezone.localtime(moment, business.tz).strftime("%H:%M")


def plan_lines(business: Business, requests: Sequence[LineRequest]) -> list[PlannedLine]:
    """Resolve each requested service to its price and timings, as fixed at booking."""
    if not requests:
        raise BookingError("Choose at least one service.")
    if len(requests) > MAX_LINES:
        raise BookingError(f"An appointment can hold at most {MAX_LINES} services.")
    performer_terms = {
        (terms.service_id, terms.team_member_id): terms
        for terms in ServicePerformer.objects.filter(
            business=business,
            service_id__in=[request.service.pk for request in requests],
            team_member_id__in=[request.team_member.pk for request in requests],
        )
    }
    planned = []
    for request in requests:
        service, member = request.service, request.team_member
        if service.business_id != business.pk or member.business_id != business.pk:
            raise BookingError("That service or team member is not part of this salon.")
        if not member.is_active:
            raise BookingError(f"{member.name} is no longer on the team.")
        performer = performer_terms.get((service.pk, member.pk))
        if performer is None:
            raise BookingError(f"{member.name} does not perform {service.name}.")
        terms = terms_for(service, performer)

        def pick(override: int | None, usual: int) -> int:
            return usual if override is None else override

        line = PlannedLine(
            service=service,
            team_member=member,
            service_name=service.name,
            price=pick(request.price, terms.price),
            starts_at=request.starts_at,
            initial_minutes=pick(request.initial_minutes, terms.initial_minutes),
            processing_minutes=pick(request.processing_minutes, terms.processing_minutes),
            finish_minutes=pick(request.finish_minutes, terms.finish_minutes),
            blocked_minutes=pick(request.blocked_minutes, terms.blocked_minutes),
        )
        if (
            line.price < 0
            or min(
                line.initial_minutes,
                line.processing_minutes,
                line.finish_minutes,
                line.blocked_minutes,
            )
            < 0
        ):
            raise BookingError("Prices and durations cannot be negative.")
        if line.initial_minutes + line.finish_minutes == 0:
            raise BookingError(f"{service.name} has no time with the client.")
        planned.append(line)
    return planned


def check_opening_hours(
    business: Business, location: Location, lines: Sequence[PlannedLine]
) -> None:
    """The client's time must fall on one local day, inside the location's opening hours."""
    tz = business.tz
    start = min(line.starts_at for line in lines)
    end = max(line.client_ends_at for line in lines)
    local_start = timezone.localtime(start, tz)
    day = local_start.date()
    hours = location.hours_on(day.weekday())
    if hours is None:
        raise BookingError(f"{location.name} is closed on {local_start:%A}s.")
    opens, closes = hours
    open_at, close_at = local_instant(day, opens, tz), local_instant(day, closes, tz)
    if start < open_at or end > close_at:
        raise BookingError(
            f"{location.name} is open {opens:%H:%M}–{closes:%H:%M} on {local_start:%A}s; "
            f"this appointment runs {_local(start, business)}–{_local(end, business)}."
        )


def check_schedules(business: Business, location: Location, lines: Sequence[PlannedLine]) -> None:
    """Each team member must be working (weekly hours, one-off changes, no time off)."""
    day = timezone.localtime(min(line.starts_at for line in lines), business.tz).date()
    members = {line.team_member.pk: line.team_member for line in lines}
    periods = working_periods(business, location, day, members.values())
    for line in lines:
        busy = line.busy()
        if busy and not all(is_working(periods[line.team_member.pk], s, e) for s, e in busy):
            local_day = timezone.localtime(line.starts_at, business.tz)
            raise BookingError(
                f"{line.team_member.name} is not working at "
                f"{_local(line.starts_at, business)} on {local_day:%A %d %B}."
            )


def check_no_double_booking(
    business: Business, lines: Sequence[PlannedLine], ignore_appointment: int | None = None
) -> None:
    """Refuse when any line's busy time overlaps another busy time of the same team member.
    Must run inside the transaction that writes the lines, after `lock_team_members`."""
    for index, line in enumerate(lines):
        for other in lines[index + 1 :]:
            if other.team_member.pk == line.team_member.pk and _overlaps(line.busy(), other.busy()):
                raise BookingError(
                    f"{line.team_member.name} cannot do {line.service_name} and "
                    f"{other.service_name} at the same time."
                )
    window_start = min(line.starts_at for line in lines)
    window_end = max(line.ends_at for line in lines)
    existing = (
        AppointmentService.objects.filter(
            business=business,
            team_member_id__in={line.team_member.pk for line in lines},
            starts_at__lt=window_end,
            ends_at__gt=window_start,
        )
        .exclude(appointment__status__in=RELEASED_STATUSES)
        .select_related("appointment__client")
    )
    if ignore_appointment is not None:
        existing = existing.exclude(appointment_id=ignore_appointment)
    for booked in existing:
        for line in lines:
            if booked.team_member_id == line.team_member.pk and _overlaps(
                line.busy(), booked.busy_periods()
            ):
                raise BookingError(
                    f"{line.team_member.name} is already busy at "
                    f"{_local(booked.starts_at, business)} with "
                    f"{booked.appointment.client.full_name} ({booked.service_name})."
                )


def lock_team_members(business: Business, member_ids: Iterable[int]) -> None:
    """Serialise bookings for these team members until the transaction ends. Locks are
    taken in id order so two bookings never wait on each other (no deadlock)."""
    list(
        TeamMember.objects.select_for_update()
        .filter(business=business, pk__in=sorted(set(member_ids)))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _validate(
    business: Business,
    location: Location,
    lines: Sequence[PlannedLine],
    check_schedule: bool,
    ignore_appointment: int | None = None,
) -> None:
    check_opening_hours(business, location, lines)
    if check_schedule:
        check_schedules(business, location, lines)
    lock_team_members(business, (line.team_member.pk for line in lines))
    check_no_double_booking(business, lines, ignore_appointment)


def book_appointment(
    *,
    business: Business,
    location: Location,
    client: Client,
    lines: Sequence[LineRequest],
    notes: str = "",
    created_by: User | None = None,
    check_schedule: bool = True,
) -> Appointment:
    """Book an appointment, or raise BookingError saying why not. Nothing is written
    unless everything is valid."""
    if location.business_id != business.pk or client.business_id != business.pk:
        raise BookingError("That location or client is not part of this salon.")
    planned = plan_lines(business, lines)
    if any(not line.service.is_active for line in planned):
        raise BookingError("A service that is no longer offered cannot be booked.")
    with transaction.atomic():
        _validate(business, location, planned, check_schedule)
        appointment = Appointment.objects.create(
            business=business,
            location=location,
            client=client,
            notes=notes,
            starts_at=min(line.starts_at for line in planned),
            ends_at=max(line.client_ends_at for line in planned),
            created_by=created_by,
        )
        for position, line in enumerate(planned):
            AppointmentService.objects.create(
                business=business,
                appointment=appointment,
                service=line.service,
                team_member=line.team_member,
                service_name=line.service_name,
                price=line.price,
                starts_at=line.starts_at,
                ends_at=line.ends_at,
                initial_minutes=line.initial_minutes,
                processing_minutes=line.processing_minutes,
                finish_minutes=line.finish_minutes,
                blocked_minutes=line.blocked_minutes,
                position=position,
            )
    return appointment


MOVABLE_STATUSES = (Status.BOOKED, Status.CONFIRMED, Status.ARRIVED)


def move_appointment(
    appointment: Appointment,
    *,
    new_start: datetime,
    reassign: dict[int, TeamMember] | None = None,
    check_schedule: bool = True,
) -> Appointment:
    """Move the whole appointment so it starts at ``new_start``, keeping the gaps between
    its services. ``reassign`` maps a team member id to the team member who takes over
    that person's services (dragging to another column). Price and durations stay as
    booked."""
    business = appointment.business
    if appointment.status not in MOVABLE_STATUSES:
        raise BookingError(
            f"A {appointment.get_status_display().lower()} appointment cannot be moved."
        )
    reassign = reassign or {}
    with transaction.atomic():
        current = list(appointment.lines.select_related("service", "team_member"))
        delta = new_start - appointment.starts_at
        new_member_ids = {member.pk for member in reassign.values()}
        performs = set(
            ServicePerformer.objects.filter(
                business=business, team_member_id__in=new_member_ids
            ).values_list("service_id", "team_member_id")
        )
        planned = []
        for line in current:
            member = reassign.get(line.team_member_id, line.team_member)
            if member.business_id != business.pk:
                raise BookingError("That team member is not part of this salon.")
            if member.pk != line.team_member_id:
                if not member.is_active:
                    raise BookingError(f"{member.name} is no longer on the team.")
                if (line.service_id, member.pk) not in performs:
                    raise BookingError(f"{member.name} does not perform {line.service_name}.")
            planned.append(
                PlannedLine(
                    service=line.service,
                    team_member=member,
                    service_name=line.service_name,
                    price=line.price,
                    starts_at=line.starts_at + delta,
                    initial_minutes=line.initial_minutes,
                    processing_minutes=line.processing_minutes,
                    finish_minutes=line.finish_minutes,
                    blocked_minutes=line.blocked_minutes,
                )
            )
        location = appointment.location
        _validate(business, location, planned, check_schedule, ignore_appointment=appointment.pk)
        for line, plan in zip(current, planned, strict=True):
            line.starts_at = plan.starts_at
            line.ends_at = plan.ends_at
            line.team_member = plan.team_member
            line.save()
        appointment.starts_at = min(plan.starts_at for plan in planned)
        appointment.ends_at = max(plan.client_ends_at for plan in planned)
        appointment.save()
    return appointment


def change_status(appointment: Appointment, status: str, by: User | None) -> Appointment:
    """Set the status. Cancelling keeps the record, with who cancelled and when; a
    cancelled appointment stays cancelled (book again instead). Leaving no-show for a
    status that holds time again re-checks that nobody else was booked into it."""
    if status not in Status.values:
        raise BookingError("Unknown status.")
    if appointment.status == Status.CANCELLED:
        raise BookingError("A cancelled appointment stays cancelled; book a new one instead.")
    with transaction.atomic():
        if appointment.status in RELEASED_STATUSES and status not in RELEASED_STATUSES:
            lines = list(appointment.lines.select_related("service", "team_member"))
            planned = [
                PlannedLine(
                    service=line.service,
                    team_member=line.team_member,
                    service_name=line.service_name,
                    price=line.price,
                    starts_at=line.starts_at,
                    initial_minutes=line.initial_minutes,
                    processing_minutes=line.processing_minutes,
                    finish_minutes=line.finish_minutes,
                    blocked_minutes=line.blocked_minutes,
                )
                for line in lines
            ]
            lock_team_members(appointment.business, (line.team_member_id for line in lines))
            check_no_double_booking(appointment.business, planned, appointment.pk)
        appointment.status = status
        if status == Status.CANCELLED:
            appointment.cancelled_at = timezone.now()
            appointment.cancelled_by = by
        appointment.save()
    return appointment
