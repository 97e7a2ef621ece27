"""What the printouts show, read from the book and the record cards. Nothing here
writes: the same code runs on the read-only standby's snapshot.

The appointment page is the whole day at one location, a section per team member. A
day sheet is one team member's day across every location, with what they need to know
about each client: phone, allergies, patch test, colour formulas and recent visits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from salonkeep.accounts.models import Business, Location
from salonkeep.book.models import RELEASED_STATUSES, Appointment, AppointmentService, Status
from salonkeep.clients.models import Client, ColourNote, PatchTest, PatchTestResult
from salonkeep.lib.dates import local_day_bounds
from salonkeep.lib.money import format_money
from salonkeep.team.models import TeamMember
from salonkeep.team.schedule import working_members

# How much of each client's record a day sheet shows: enough to plan the service, few
# enough that a sheet stays a page or two.
RECENT_VISITS = 3
COLOUR_NOTES = 3


@dataclass(frozen=True)
class LineRow:
    """One service of an appointment, as a row of a printout."""

    starts_at: datetime  # in the business's time zone
    ends_at: datetime
    service: str
    team_member: str
    price: str


@dataclass(frozen=True)
class PageRow:
    """One service on the appointment page, in its team member's section."""

    line: LineRow
    client: str
    phone: str
    status: str
    status_label: str
    notes: str
    others: list[str]  # who else looks after this client in the same appointment


@dataclass
class MemberSection:
    member: TeamMember
    rows: list[PageRow] = field(default_factory=list)


@dataclass(frozen=True)
class AppointmentPage:
    business: Business
    location: Location
    day: date
    sections: list[MemberSection]
    cancelled: list[PageRow]
    total: str  # the value of the services still booked
    count: int  # appointments still booked


@dataclass(frozen=True)
class PatchTestState:
    level: str  # ok, warning, danger, none
    text: str


@dataclass(frozen=True)
class PastVisit:
    day: date
    services: list[str]  # "Cut and finish (Sam Stylist)"


@dataclass(frozen=True)
class ColourFormula:
    written_at: datetime
    written_by: str
    formula: str


@dataclass(frozen=True)
class ClientCard:
    name: str
    phone: str
    allergies: str
    notes: str
    patch_test: PatchTestState
    colour_notes: list[ColourFormula]
    visits: list[PastVisit]


@dataclass(frozen=True)
class SheetAppointment:
    starts_at: datetime
    ends_at: datetime
    location: str
    status: str
    status_label: str
    notes: str
    lines: list[LineRow]  # every service of the appointment, whoever does it
    card: ClientCard


@dataclass(frozen=True)
class DaySheet:
    member: TeamMember
    day: date
    appointments: list[SheetAppointment]
    several_locations: bool


def _line_row(line: AppointmentService, business: Business) -> LineRow:
    tz = business.tz
    return LineRow(
        starts_at=line.starts_at.astimezone(tz),
        ends_at=line.client_ends_at.astimezone(tz),
        service=line.service_name,
        team_member=str(line.team_member),
        price=format_money(line.price, business.currency),
    )


def _day_lines(business: Business, day: date) -> list[AppointmentService]:
    start, end = local_day_bounds(day, business.tz)
    return list(
        AppointmentService.objects.filter(
            business=business, starts_at__gte=start, starts_at__lt=end
        )
        .select_related("appointment__client", "appointment__location", "team_member")
        .order_by("starts_at", "position", "pk")
    )


def build_appointment_page(business: Business, location: Location, day: date) -> AppointmentPage:
    """Every team member working at the location that day (or booked there), with each
    service they do in time order; cancelled and no-show appointments listed apart."""
    lines = [
        line for line in _day_lines(business, day) if line.appointment.location_id == location.pk
    ]
    members_by_appointment: dict[int, list[str]] = defaultdict(list)
    for line in lines:
        name = str(line.team_member)
        if name not in members_by_appointment[line.appointment_id]:
            members_by_appointment[line.appointment_id].append(name)

    sections = {
        member.pk: MemberSection(member) for member in working_members(business, location, day)
    }
    cancelled: list[PageRow] = []
    total = 0
    booked: set[int] = set()
    for line in lines:
        appointment = line.appointment
        row = PageRow(
            line=_line_row(line, business),
            client=appointment.client.full_name,
            phone=appointment.client.phone,
            status=appointment.status,
            status_label=Status(appointment.status).label,
            notes=appointment.notes,
            others=[
                n for n in members_by_appointment[appointment.pk] if n != str(line.team_member)
            ],
        )
        if appointment.status in RELEASED_STATUSES:
            cancelled.append(row)
            continue
        total += line.price
        booked.add(appointment.pk)
        section = sections.setdefault(line.team_member_id, MemberSection(line.team_member))
        section.rows.append(row)
    ordered = sorted(
        sections.values(), key=lambda s: (s.member.position, s.member.name, s.member.pk)
    )
    return AppointmentPage(
        business=business,
        location=location,
        day=day,
        sections=ordered,
        cancelled=cancelled,
        total=format_money(total, business.currency),
        count=len(booked),
    )


def patch_test_state(tests: Iterable[PatchTest], day: date) -> PatchTestState:
    """The latest patch test done by `day`, read against the six-month validity rule."""
    done = [test for test in tests if test.tested_on <= day]
    if not done:
        return PatchTestState("none", "No patch test on record")
    latest = max(done, key=lambda test: (test.tested_on, test.pk))
    on = f"{latest.tested_on:%d %b %Y}"
    product = f" ({latest.product})" if latest.product else ""
    if latest.result == PatchTestResult.FAILED:
        return PatchTestState("danger", f"FAILED on {on}{product}")
    if latest.result == PatchTestResult.PENDING:
        return PatchTestState("warning", f"Pending: done on {on}{product}, result not recorded")
    if latest.is_valid_on(day):
        return PatchTestState(
            "ok", f"Passed on {on}{product}, valid until {latest.valid_until:%d %b %Y}"
        )
    return PatchTestState(
        "danger", f"EXPIRED: passed on {on}{product}, valid until {latest.valid_until:%d %b %Y}"
    )


def client_cards(business: Business, clients: Iterable[Client], day: date) -> dict[int, ClientCard]:
    """The record card extract for each client, as it stood before `day` started."""
    tz = business.tz
    day_start, _ = local_day_bounds(day, tz)
    cards: dict[int, ClientCard] = {}
    for client in clients:
        tests = list(PatchTest.objects.filter(business=business, client=client))
        notes = ColourNote.objects.filter(business=business, client=client).select_related(
            "created_by"
        )[:COLOUR_NOTES]
        visits = (
            Appointment.objects.filter(business=business, client=client, starts_at__lt=day_start)
            .exclude(status__in=RELEASED_STATUSES)
            .prefetch_related("lines__team_member")
            .order_by("-starts_at", "-pk")[:RECENT_VISITS]
        )
        cards[client.pk] = ClientCard(
            name=client.full_name,
            phone=client.phone,
            allergies=client.allergies,
            notes=client.notes,
            patch_test=patch_test_state(tests, day),
            colour_notes=[
                ColourFormula(
                    written_at=note.created_at.astimezone(tz),
                    written_by=str(note.created_by) if note.created_by else "",
                    formula=note.formula,
                )
                for note in notes
            ],
            visits=[
                PastVisit(
                    day=visit.starts_at.astimezone(tz).date(),
                    services=[
                        f"{line.service_name} ({line.team_member})" for line in visit.lines.all()
                    ],
                )
                for visit in visits
            ],
        )
    return cards


def sheet_members(business: Business, day: date) -> list[TeamMember]:
    """Everyone who gets a day sheet: the active team members working anywhere that day,
    and anyone with a booked service that day."""
    members: dict[int, TeamMember] = {}
    for location in Location.objects.filter(business=business):
        for member in working_members(business, location, day):
            members[member.pk] = member
    for line in _day_lines(business, day):
        if line.appointment.status not in RELEASED_STATUSES:
            members.setdefault(line.team_member_id, line.team_member)
    return sorted(members.values(), key=lambda m: (m.position, m.name, m.pk))


def build_day_sheets(business: Business, day: date, members: list[TeamMember]) -> list[DaySheet]:
    """One sheet per team member: the appointments they take part in that day, in time
    order (cancelled and no-shows left out), each with the client's card."""
    lines = [
        line
        for line in _day_lines(business, day)
        if line.appointment.status not in RELEASED_STATUSES
    ]
    by_appointment: dict[int, list[AppointmentService]] = defaultdict(list)
    for line in lines:
        by_appointment[line.appointment_id].append(line)
    cards = client_cards(
        business,
        {line.appointment.client_id: line.appointment.client for line in lines}.values(),
        day,
    )
    several_locations = Location.objects.filter(business=business).count() > 1
    tz = business.tz
    sheets = []
    for member in members:
        appointments = []
        seen: set[int] = set()
        for line in lines:
            appointment = line.appointment
            if line.team_member_id != member.pk or appointment.pk in seen:
                continue
            seen.add(appointment.pk)
            appointments.append(
                SheetAppointment(
                    starts_at=appointment.starts_at.astimezone(tz),
                    ends_at=appointment.ends_at.astimezone(tz),
                    location=appointment.location.name,
                    status=appointment.status,
                    status_label=Status(appointment.status).label,
                    notes=appointment.notes,
                    lines=[_line_row(each, business) for each in by_appointment[appointment.pk]],
                    card=cards[appointment.client_id],
                )
            )
        sheets.append(DaySheet(member, day, appointments, several_locations))
    return sheets
