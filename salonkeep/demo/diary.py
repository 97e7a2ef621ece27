"""Filling the small demo's book, a team member at a time, the way a front desk would.

Every line is checked against the team member's working periods for the day (weekly
hours, one-off changes and time off, from team.schedule) and against the busy periods
already held (book.models.busy_periods), so nobody is double-booked; colour processing
time is free and gets filled with shorter services. A cancelled appointment releases
its time, so its slot is often booked again, as happens in a real book.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from salonkeep.accounts.models import Business, Location
from salonkeep.book.models import Appointment, AppointmentService, Status, busy_periods
from salonkeep.catalog.models import Service, ServiceTerms
from salonkeep.demo import names
from salonkeep.demo.menu import FOLLOW_ONS, MENU_BY_KEY
from salonkeep.demo.statuses import cancelled_at, status_for
from salonkeep.team.models import TeamMember
from salonkeep.team.schedule import Period, is_working, working_periods

STEP = timedelta(minutes=15)


@dataclass
class Performer:
    member: TeamMember
    terms: dict[str, ServiceTerms]  # by menu key
    weights: list[int] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.keys = list(self.terms)
        self.weights = [MENU_BY_KEY[key].popularity for key in self.keys]


@dataclass
class Visit:
    appointment: Appointment
    lines: list[AppointmentService]


class DayBook:
    """One day's working periods and busy periods per team member."""

    def __init__(self, working: dict[int, list[Period]]) -> None:
        self.working = working
        self.busy: dict[int, list[Period]] = defaultdict(list)

    def fits(self, member_id: int, start: datetime, terms: ServiceTerms) -> bool:
        end = start + timedelta(minutes=terms.total_minutes)
        if not is_working(self.working.get(member_id, []), start, end):
            return False
        held = self.busy[member_id]
        return not any(
            b_start < h_end and h_start < b_end
            for b_start, b_end in _busy(start, terms)
            for h_start, h_end in held
        )

    def hold(self, member_id: int, start: datetime, terms: ServiceTerms) -> None:
        self.busy[member_id].extend(_busy(start, terms))


def _busy(start: datetime, terms: ServiceTerms) -> list[Period]:
    return busy_periods(
        start,
        terms.initial_minutes,
        terms.processing_minutes,
        terms.finish_minutes,
        terms.blocked_minutes,
    )


@dataclass
class Diary:
    business: Business
    location: Location
    performers: list[Performer]
    services: dict[str, Service]
    client_ids: list[int]
    booker_ids: list[int | None]
    rng: random.Random
    now: datetime
    visits: list[Visit] = field(default_factory=list)

    def fill(self, days: list[date]) -> list[Visit]:
        members = [performer.member for performer in self.performers]
        today = self.now.astimezone(self.business.tz).date()
        for day in days:
            working = working_periods(self.business, self.location, day, members)
            book = DayBook(working)
            clients_today: set[int] = set()
            order = list(self.performers)
            self.rng.shuffle(order)
            for performer in order:
                for start, end in working[performer.member.pk]:
                    self._fill_period(
                        book, performer, start, end, fill_rate(day, today), clients_today
                    )
        return self.visits

    def _fill_period(
        self,
        book: DayBook,
        performer: Performer,
        start: datetime,
        end: datetime,
        rate: float,
        clients_today: set[int],
    ) -> None:
        cursor = start
        while cursor < end:
            if self.rng.random() > rate:
                cursor += STEP
                continue
            visit = self._book_at(book, performer, cursor, clients_today)
            if visit is None:
                cursor += STEP
            elif visit.appointment.status != Status.CANCELLED:
                cursor = _next_cursor(start, cursor, visit, performer.member.pk)

    def _book_at(
        self, book: DayBook, performer: Performer, start: datetime, clients_today: set[int]
    ) -> Visit | None:
        member_id = performer.member.pk
        fitting = [
            (key, weight)
            for key, weight in zip(performer.keys, performer.weights, strict=True)
            if book.fits(member_id, start, performer.terms[key])
        ]
        if not fitting:
            return None
        key = self.rng.choices([k for k, _ in fitting], [w for _, w in fitting])[0]
        plan = [(performer, key, start)]
        follow = self._follow_on(book, performer, key, start)
        if follow is not None:
            plan.append(follow)
        return self._record(book, plan, clients_today)

    def _follow_on(
        self, book: DayBook, first: Performer, key: str, start: datetime
    ) -> tuple[Performer, str, datetime] | None:
        """Often a colour is followed by a cut or blow-dry, by the same team member after
        their clean-up or by a colleague as soon as the client is ready."""
        options = FOLLOW_ONS.get(key, ())
        if not options or self.rng.random() > 0.35:
            return None
        follow_key = self.rng.choice(options)
        terms = first.terms[key]
        client_ready = start + timedelta(
            minutes=terms.initial_minutes + terms.processing_minutes + terms.finish_minutes
        )
        candidates = [
            (performer, client_ready)
            for performer in self.performers
            if performer is not first and follow_key in performer.terms
        ]
        self.rng.shuffle(candidates)
        if follow_key in first.terms:
            candidates.insert(0, (first, start + timedelta(minutes=terms.total_minutes)))
        for performer, at in candidates:
            if book.fits(performer.member.pk, at, performer.terms[follow_key]):
                return performer, follow_key, at
        return None

    def _record(
        self,
        book: DayBook,
        plan: list[tuple[Performer, str, datetime]],
        clients_today: set[int],
    ) -> Visit:
        rng = self.rng
        client_id = self._pick_client(clients_today)
        lines: list[AppointmentService] = []
        for position, (performer, key, at) in enumerate(plan):
            terms = performer.terms[key]
            lines.append(
                AppointmentService(
                    business_id=self.business.pk,
                    service=self.services[key],
                    team_member=performer.member,
                    service_name=self.services[key].name,
                    price=terms.price,
                    starts_at=at,
                    ends_at=at + timedelta(minutes=terms.total_minutes),
                    initial_minutes=terms.initial_minutes,
                    processing_minutes=terms.processing_minutes,
                    finish_minutes=terms.finish_minutes,
                    blocked_minutes=terms.blocked_minutes,
                    position=position,
                )
            )
        starts_at = lines[0].starts_at
        ends_at = max(line.client_ends_at for line in lines)
        roll = rng.random()
        status = status_for(starts_at, ends_at, self.now, roll)
        appointment = Appointment(
            business_id=self.business.pk,
            location=self.location,
            client_id=client_id,
            status=status,
            starts_at=starts_at,
            ends_at=ends_at,
            notes=rng.choice(names.APPOINTMENT_NOTES) if rng.random() < 0.12 else "",
            created_by_id=rng.choice(self.booker_ids),
            created_at=min(
                starts_at - timedelta(hours=rng.randrange(2, 24 * 42)),
                self.now - timedelta(minutes=rng.randrange(5, 600)),
            ),
        )
        if status == Status.CANCELLED:
            appointment.cancelled_at = cancelled_at(starts_at, self.now, rng.random())
            appointment.cancelled_at = max(appointment.cancelled_at, appointment.created_at)
            appointment.cancelled_by_id = rng.choice(self.booker_ids)
        else:
            for performer, key, at in plan:
                book.hold(performer.member.pk, at, performer.terms[key])
        visit = Visit(appointment, lines)
        self.visits.append(visit)
        return visit

    def _pick_client(self, clients_today: set[int]) -> int:
        # Regulars come far more often than the rest: skew towards the front of the list.
        for _ in range(8):
            client_id = self.client_ids[int(len(self.client_ids) * self.rng.random() ** 1.7)]
            if client_id not in clients_today:
                break
        clients_today.add(client_id)
        return client_id


def _next_cursor(
    period_start: datetime, cursor: datetime, visit: Visit, member_id: int
) -> datetime:
    """After a colour, look for work in its processing time; otherwise carry on once the
    team member is free. Bookings stay on the quarter-hour grid of the shift."""
    first = visit.lines[0]
    if first.processing_minutes >= 15:
        after = cursor + timedelta(minutes=first.initial_minutes)
    else:
        after = max(line.ends_at for line in visit.lines if line.team_member_id == member_id)
    steps = -(-(after - period_start) // STEP)
    return period_start + steps * STEP


def fill_rate(day: date, today: date) -> float:
    """How full a day's book is: Saturdays busiest, Mondays quietest, the future
    thinning out the further ahead it is."""
    rate = {0: 0.45, 1: 0.55, 2: 0.55, 3: 0.65, 4: 0.7, 5: 0.8}.get(day.weekday(), 0.5)
    ahead = (day - today).days
    if ahead > 0:
        rate *= max(0.35, 1 - ahead * 0.05)
    return rate
