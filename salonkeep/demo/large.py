"""The large demo: a three-salon group with 50,000 clients and 500,000 appointments over
four years and the coming month, for benchmarks.

Built in minutes: rows are made with plain loops and one seeded `random.Random`, and
written with bulk_create in chunks, one transaction per chunk, so memory stays bounded
whatever the size. Each team member's day is packed as a sequence of blocks that never
overlap (a short service may sit inside a colour's processing time, which is free), so
nobody is double-booked. If anything fails half-way the partial salon is removed.
"""

from __future__ import annotations

import random
import time
from bisect import bisect
from collections.abc import Callable
from datetime import date, datetime, timedelta
from itertools import accumulate

from django.db import connection, transaction

from salonkeep.accounts.models import Business, Role
from salonkeep.book.models import Appointment, AppointmentService, Status
from salonkeep.clients.models import Client, ColourNote, PatchTest, PatchTestResult
from salonkeep.demo.checkout import check_out_demo_week
from salonkeep.demo.group import GroupMember, create_group_team, create_locations
from salonkeep.demo.logins import create_demo_business, create_staff_logins, demo_logins
from salonkeep.demo.menu import COLOUR, FOLLOW_ONS, MENU_BY_KEY, create_menu
from salonkeep.demo.people import colour_note, keeping_given_timestamps, new_client, patch_test
from salonkeep.demo.removal import delete_business
from salonkeep.demo.small import DemoOptions
from salonkeep.demo.statuses import cancelled_at, status_for
from salonkeep.lib.dates import local_instant

SLUG = "demo-large"
NAME = "Juniper Hair Group (large demo)"
CLIENTS = 50_000
APPOINTMENTS = 500_000
PAST_DAYS = 4 * 365 + 1
FUTURE_DAYS = 31
CHUNK = 10_000
# Christmas Day, Boxing Day and New Year's Day: every salon in the group is closed.
CLOSED_DATES = {(12, 25), (12, 26), (1, 1)}

# One appointment's lines as (minutes from the block's start, menu key); a block is one
# appointment, or a colour with a second appointment inside its processing time.
Lines = list[tuple[int, str]]
Block = list[Lines]

LOGINS = demo_logins(
    "large-",
    {
        Role.OWNER: "Helen Whitaker",
        Role.MANAGER: "Daniel Okafor",
        Role.FRONT_DESK: "Zara Hussain",
        Role.STYLIST: "Nadia Kowalska",
    },
)


def build_large_demo(
    options: DemoOptions,
    now: datetime,
    scale: float = 1.0,
    progress: Callable[[str], None] = print,
) -> Business:
    """`scale` builds a fraction of the clients, appointments and days through the same
    code, keeping the days as full as at full size, so tests can exercise it in seconds."""
    started = time.monotonic()
    rng = random.Random(options.seed)
    with transaction.atomic():
        business, owner = create_demo_business(
            name=NAME,
            slug=SLUG,
            location_name="Leeds",
            owner=LOGINS[0],
            currency=options.currency,
            time_zone=options.time_zone,
        )
    try:
        with keeping_given_timestamps(
            (Client, "created_at"), (Appointment, "created_at"), (PatchTest, "created_at")
        ):
            builder = GroupBook(business, rng, now, scale, progress, started)
            builder.build(owner_id=owner.pk)
    except BaseException:
        progress("Stopped: removing the unfinished large demo.")
        delete_business(business)
        raise
    return business


class GroupBook:
    def __init__(
        self,
        business: Business,
        rng: random.Random,
        now: datetime,
        scale: float,
        progress: Callable[[str], None],
        started: float,
    ) -> None:
        self.business = business
        self.rng = rng
        self.now = now
        self.today = now.astimezone(business.tz).date()
        self.client_count = max(50, round(CLIENTS * scale))
        self.target = max(100, round(APPOINTMENTS * scale))
        self.scale = scale
        self.progress = progress
        self.started = started
        self.made = 0
        self.appointments: list[Appointment] = []
        self.lines: list[tuple[int, AppointmentService]] = []
        self.notes: list[ColourNote] = []
        self.patch_tests: list[PatchTest] = []
        self.coloured: set[int] = set()

    def say(self, text: str) -> None:
        self.progress(f"[{time.monotonic() - self.started:6.1f} s] {text}")

    def build(self, owner_id: int) -> None:
        business = self.business
        with transaction.atomic():
            owner = business.users.get(pk=owner_id)
            locations = create_locations(business)
            self.services = create_menu(business)
            users = create_staff_logins(business, owner, LOGINS)
            self.members = create_group_team(
                business, owner, locations, self.services, users, self.rng
            )
        self.authors = [users[Role.OWNER].pk, users[Role.MANAGER].pk, users[Role.STYLIST].pk]
        self.bookers: list[int | None] = [users[Role.FRONT_DESK].pk] * 3 + self.authors + [None]
        self.say(
            f"{len(locations)} locations, {len(self.members)} team members, "
            f"{len(self.services)} services."
        )
        self.client_ids = self._create_clients()
        self.say(f"{len(self.client_ids):,} clients.")
        self._book_all_days()
        self.say(f"{self.made:,} appointments.")
        # Only the last open day is checked out: through the real services a week of
        # this group's visits would add a long while to the build.
        with transaction.atomic():
            till = check_out_demo_week(
                business, users[Role.FRONT_DESK], self.rng, self.now, last_open_days=1
            )
        self.say(
            f"Checked out the last open day: {till.tickets:,} visits, {till.owed} payment owed."
        )
        # Fresh statistics, so the query planner knows the new table sizes before anyone
        # benchmarks against them.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.say("Statistics updated for the query planner.")

    def _create_clients(self) -> list[int]:
        past_days = (self.today - book_days(self.today, self.scale)[0]).days
        first_day = self.now - timedelta(days=past_days)
        ids: list[int] = []
        for offset in range(0, self.client_count, CHUNK):
            batch = []
            for index in range(offset, min(offset + CHUNK, self.client_count)):
                # Early clients (the regulars) joined before the book starts.
                back = self.rng.randrange(2 * 365 * 24) if index < self.client_count // 2 else 0
                joined = (
                    first_day - timedelta(hours=back)
                    if back
                    else first_day + timedelta(hours=self.rng.randrange(past_days * 24))
                )
                batch.append(new_client(self.business.pk, self.rng, self.today, joined))
            with transaction.atomic():
                ids.extend(c.pk for c in Client.objects.bulk_create(batch, batch_size=2000))
        return ids

    def _book_all_days(self) -> None:
        days = book_days(self.today, self.scale)
        weights = list(accumulate(day_weight(day, self.today) for day in days))
        total = weights[-1]
        by_weekday: dict[int, list[GroupMember]] = {d: [] for d in range(7)}
        for member in self.members:
            for weekday in member.shifts:
                by_weekday[weekday].append(member)
        plans = {m.member_id: MemberPlan(m) for m in self.members}
        reported = 0
        for day, cumulative in zip(days, weights, strict=True):
            working = list(by_weekday[day.weekday()])
            quota = round(self.target * cumulative / total) - self.made - len(self.appointments)
            if not working or quota <= 0:
                continue
            self.rng.shuffle(working)
            base, extra = divmod(quota, len(working))
            for position, member in enumerate(working):
                self._pack_day(plans[member.member_id], day, base + (position < extra))
            if len(self.appointments) >= CHUNK:
                self._flush()
                if self.made - reported >= 50_000 or self.made >= self.target:
                    reported = self.made
                    self.say(f"{self.made:,} / {self.target:,} appointments (up to {day}).")
        self._flush()

    def _pack_day(self, plan: MemberPlan, day: date, wanted: int) -> None:
        """Up to `wanted` appointments in one team member's shift, with random gaps."""
        starts, ends = plan.member.shifts[day.weekday()]
        tz = self.business.tz
        shift_start = local_instant(day, starts, tz)
        length = int((local_instant(day, ends, tz) - shift_start).total_seconds() // 60)
        rng = self.rng
        blocks: list[Block] = []
        used = count = 0
        while count < wanted:
            block, minutes = plan.draw(rng, wanted - count)
            if used + minutes > length:
                block, minutes = [[(0, plan.shortest)]], plan.shortest_minutes
                if used + minutes > length:
                    break
            blocks.append(block)
            used += minutes
            count += len(block)
        slack = length - used
        cuts = sorted(rng.randrange(slack // 5 + 1) * 5 for _ in blocks)
        at = 0
        previous_cut = 0
        for block, cut in zip(blocks, cuts, strict=True):
            at += cut - previous_cut
            previous_cut = cut
            for appointment_lines in block:
                self._add_appointment(plan, shift_start, at, appointment_lines)
            at += plan.block_minutes(block)

    def _add_appointment(
        self, plan: MemberPlan, shift_start: datetime, at: int, lines: Lines
    ) -> None:
        rng = self.rng
        made_lines = []
        colour_lines = []
        ends_at = shift_start
        for position, (offset, key) in enumerate(lines):
            terms = plan.member.terms[key]
            service = self.services[key]
            start = shift_start + timedelta(minutes=at + offset)
            line = AppointmentService(
                business_id=self.business.pk,
                service_id=service.pk,
                team_member_id=plan.member.member_id,
                service_name=service.name,
                price=terms.price,
                starts_at=start,
                ends_at=start + timedelta(minutes=terms.total_minutes),
                initial_minutes=terms.initial_minutes,
                processing_minutes=terms.processing_minutes,
                finish_minutes=terms.finish_minutes,
                blocked_minutes=terms.blocked_minutes,
                position=position,
            )
            made_lines.append(line)
            if MENU_BY_KEY[key].category == COLOUR:
                colour_lines.append(line)
            ends_at = max(ends_at, line.client_ends_at)
        starts_at = made_lines[0].starts_at
        client_id = self.client_ids[int(len(self.client_ids) * rng.random() ** 1.7)]
        status = status_for(starts_at, ends_at, self.now, rng.random())
        created_at = min(starts_at - timedelta(hours=rng.randrange(2, 1000)), self.now)
        appointment = Appointment(
            business_id=self.business.pk,
            location_id=plan.member.location_id,
            client_id=client_id,
            status=status,
            starts_at=starts_at,
            ends_at=ends_at,
            created_at=created_at,
            created_by_id=rng.choice(self.bookers),
        )
        if status == Status.CANCELLED:
            appointment.cancelled_at = max(
                cancelled_at(starts_at, self.now, rng.random()), created_at
            )
            appointment.cancelled_by_id = rng.choice(self.bookers)
        index = len(self.appointments)
        self.appointments.append(appointment)
        self.lines.extend((index, line) for line in made_lines)
        for line in colour_lines:
            self._colour_records(client_id, line, status)

    def _colour_records(self, client_id: int, line: AppointmentService, status: str) -> None:
        if client_id not in self.coloured:
            self.coloured.add(client_id)
            tested_on = (line.starts_at - timedelta(days=self.rng.randrange(2, 30))).date()
            self.patch_tests.append(
                patch_test(
                    self.business.pk,
                    client_id,
                    tested_on,
                    PatchTestResult.PASSED,
                    self.rng.choice(self.authors),
                    self.rng,
                )
            )
        if status == Status.COMPLETED and self.rng.random() < 0.15:
            self.notes.append(
                colour_note(
                    self.business.pk,
                    client_id,
                    line.client_ends_at,
                    self.rng.choice(self.authors),
                    self.rng,
                )
            )

    def _flush(self) -> None:
        if not self.appointments:
            return
        with transaction.atomic():
            saved = Appointment.objects.bulk_create(self.appointments, batch_size=2000)
            for index, line in self.lines:
                line.appointment_id = saved[index].pk
            AppointmentService.objects.bulk_create(
                [line for _, line in self.lines], batch_size=2000
            )
            ColourNote.objects.bulk_create(self.notes, batch_size=2000)
            PatchTest.objects.bulk_create(self.patch_tests, batch_size=2000)
        self.made += len(self.appointments)
        self.appointments, self.lines, self.notes, self.patch_tests = [], [], [], []


class MemberPlan:
    """One team member's services, weighted by popularity, and the blocks they can do."""

    def __init__(self, member: GroupMember) -> None:
        self.member = member
        self.keys = list(member.terms)
        self.cumulative = list(accumulate(MENU_BY_KEY[k].popularity for k in self.keys))
        self.minutes = {k: t.total_minutes for k, t in member.terms.items()}
        self.shortest = min(self.keys, key=lambda k: self.minutes[k])
        self.shortest_minutes = self.minutes[self.shortest]
        # Services short enough to sit inside each colour's processing time.
        self.fillers = {
            k: [
                f
                for f in self.keys
                if not member.terms[f].processing_minutes
                and self.minutes[f] <= t.processing_minutes
            ]
            for k, t in member.terms.items()
            if t.processing_minutes >= 15
        }
        self.follow_ons = {
            k: [f for f in FOLLOW_ONS.get(k, ()) if f in member.terms] for k in self.keys
        }

    def pick(self, rng: random.Random) -> str:
        return self.keys[bisect(self.cumulative, rng.random() * self.cumulative[-1])]

    def draw(self, rng: random.Random, room: int) -> tuple[Block, int]:
        """A block: one appointment (one or two lines), or a colour with a second
        appointment inside its processing time. Returns it and the minutes it takes."""
        key = self.pick(rng)
        fillers = self.fillers.get(key)
        if fillers and room >= 2 and rng.random() < 0.4:
            offset = self.member.terms[key].initial_minutes
            return [[(0, key)], [(offset, rng.choice(fillers))]], self.minutes[key]
        follow = self.follow_ons[key]
        if follow and rng.random() < 0.2:
            second = rng.choice(follow)
            minutes = self.minutes[key] + self.minutes[second]
            return [[(0, key), (self.minutes[key], second)]], minutes
        return [[(0, key)]], self.minutes[key]

    def block_minutes(self, block: Block) -> int:
        return max(offset + self.minutes[key] for lines in block for offset, key in lines)


def book_days(today: date, scale: float = 1.0) -> list[date]:
    """The days the group is open, from four years ago to a month ahead. A scaled-down
    build shortens the span in proportion, so its days are as full as the real ones."""
    past = max(3, round(PAST_DAYS * scale))
    future = max(1, round(FUTURE_DAYS * scale))
    days = (today + timedelta(days=offset) for offset in range(-past, future + 1))
    return [day for day in days if (day.month, day.day) not in CLOSED_DATES]


def day_weight(day: date, today: date) -> float:
    """Saturdays and Decembers are busiest; the coming month is only partly booked."""
    weight = (1.0, 1.05, 1.05, 1.15, 1.2, 1.35, 0.55)[day.weekday()]
    weight *= {12: 1.2, 1: 0.85, 8: 0.9}.get(day.month, 1.0)
    ahead = (day - today).days
    if ahead > 0:
        weight *= max(0.2, 1 - ahead / 35)
    return weight
