"""The small demo salon: a realistic single-location salon to try Salonkeep with."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction

from salonkeep.accounts.models import Business, Role, User
from salonkeep.activity.recorder import acting_as
from salonkeep.book.models import Appointment, AppointmentService, Status
from salonkeep.catalog.models import ServicePerformer, terms_for
from salonkeep.clients.models import Client, ColourNote, PatchTest, PatchTestResult
from salonkeep.demo.checkout import PAST_DAYS, check_out_demo_week
from salonkeep.demo.diary import Diary, Performer, Visit
from salonkeep.demo.logins import create_demo_business, create_staff_logins, demo_logins
from salonkeep.demo.menu import COLOUR, MENU, create_menu
from salonkeep.demo.people import colour_note, keeping_given_timestamps, new_client, patch_test
from salonkeep.demo.salon import (
    FRONT_DESK_NAME,
    TEAM,
    create_schedule_exceptions,
    create_team,
    set_up_location,
)

SLUG = "demo"
NAME = "Juniper Hair & Beauty"
CLIENTS = 500
DAYS_BEFORE = DAYS_AFTER = 14

LOGINS = demo_logins(
    "",
    {
        Role.OWNER: TEAM[0].name,
        Role.MANAGER: TEAM[1].name,
        Role.FRONT_DESK: FRONT_DESK_NAME,
        Role.STYLIST: TEAM[2].name,
    },
)
TIMESTAMPED = ((Client, "created_at"), (Appointment, "created_at"), (PatchTest, "created_at"))


@dataclass(frozen=True)
class DemoOptions:
    currency: str = "GBP"
    time_zone: str = "Europe/London"
    seed: int = 2024


@transaction.atomic
def build_small_demo(
    options: DemoOptions, now: datetime, progress: Callable[[str], None] = print
) -> Business:
    rng = random.Random(options.seed)
    business, owner = create_demo_business(
        name=NAME,
        slug=SLUG,
        location_name="Market Street",
        owner=LOGINS[0],
        currency=options.currency,
        time_zone=options.time_zone,
    )
    today = now.astimezone(business.tz).date()
    with acting_as("demo"):
        location = set_up_location(business)
        services = create_menu(business)
        users = create_staff_logins(business, owner, LOGINS)
        members = create_team(business, location, services, users)
        create_schedule_exceptions(business, location, members, today)
    progress(f"Created {NAME}: {len(members)} team members, {len(services)} services.")

    with keeping_given_timestamps(*TIMESTAMPED):
        client_ids = _create_clients(business, rng, now)
        progress(f"Created {len(client_ids)} clients.")
        key_of = {service.pk: key for key, service in services.items()}
        performers = []
        for member in members:
            terms = {
                key_of[row.service_id]: terms_for(row.service, row)
                for row in ServicePerformer.objects.filter(team_member=member)
                .select_related("service")
                .order_by("service__position")
            }
            performers.append(Performer(member, terms))
        bookers: list[int | None] = [
            users[Role.FRONT_DESK].pk,
            users[Role.FRONT_DESK].pk,
            users[Role.MANAGER].pk,
            owner.pk,
            None,
        ]
        diary = Diary(business, location, performers, services, client_ids, bookers, rng, now)
        days = [today + timedelta(days=offset) for offset in range(-DAYS_BEFORE, DAYS_AFTER + 1)]
        visits = diary.fill(days)
        _save_visits(visits)
        progress(f"Booked {len(visits)} appointments over {len(days)} days.")
        colour_ids = {services[item.key].pk for item in MENU if item.category == COLOUR}
        _create_colour_records(business, visits, colour_ids, users, rng, now)
    till = check_out_demo_week(business, users[Role.FRONT_DESK], rng, now)
    progress(
        f"Checked out {till.tickets} visits of the last {PAST_DAYS} days: "
        f"{till.products} products sold, {till.gift_cards} gift card, "
        f"{till.owed} payments owed."
    )
    return business


def _create_clients(business: Business, rng: random.Random, now: datetime) -> list[int]:
    today = now.astimezone(business.tz).date()
    clients = [
        new_client(business.pk, rng, today, now - timedelta(minutes=rng.randrange(6 * 525_600)))
        for _ in range(CLIENTS)
    ]
    created = Client.objects.bulk_create(clients, batch_size=500)
    return [client.pk for client in created]


def _save_visits(visits: list[Visit]) -> None:
    appointments = Appointment.objects.bulk_create(
        [visit.appointment for visit in visits], batch_size=500
    )
    lines = []
    for appointment, visit in zip(appointments, visits, strict=True):
        for line in visit.lines:
            line.appointment = appointment
            lines.append(line)
    AppointmentService.objects.bulk_create(lines, batch_size=500)


def _create_colour_records(
    business: Business,
    visits: list[Visit],
    colour_service_ids: set[int],
    users: dict[Role, User],
    rng: random.Random,
    now: datetime,
) -> None:
    """Patch tests before each colour client's first colour in the book, and a colour
    note by whoever did a completed colour (when they have a login), plus older notes."""
    author_of = {
        member_id: user_id
        for member_id, user_id in ServicePerformer.objects.filter(business=business).values_list(
            "team_member_id", "team_member__user_id"
        )
        if user_id is not None
    }
    authors = sorted(set(author_of.values()))
    first_colour: dict[int, datetime] = {}
    notes: list[ColourNote] = []
    for visit in sorted(visits, key=lambda v: v.appointment.starts_at):
        appointment = visit.appointment
        for line in visit.lines:
            if line.service_id not in colour_service_ids:
                continue
            first_colour.setdefault(appointment.client_id, line.starts_at)
            author = author_of.get(line.team_member_id)
            if appointment.status == Status.COMPLETED and author is not None:
                notes.append(
                    colour_note(
                        business.pk, appointment.client_id, line.client_ends_at, author, rng
                    )
                )
    for client_id in list(first_colour):
        for months_ago in range(rng.randrange(0, 3)):
            at = first_colour[client_id] - timedelta(days=42 * (months_ago + 1) + rng.randrange(9))
            notes.append(colour_note(business.pk, client_id, at, rng.choice(authors), rng))
    ColourNote.objects.bulk_create(notes, batch_size=500)

    today = now.astimezone(business.tz).date()
    recorders = [users[Role.FRONT_DESK].pk, *authors]
    tests = []
    for client_id, first in first_colour.items():
        tested_on = (first - timedelta(days=rng.randrange(2, 40))).astimezone(business.tz).date()
        result = PatchTestResult.PASSED
        if first - now > timedelta(days=2) and rng.random() < 0.1:
            tested_on, result = today, PatchTestResult.PENDING
        tests.append(
            patch_test(business.pk, client_id, tested_on, result, rng.choice(recorders), rng)
        )
    # Two clients who never have colour because their patch test failed.
    failed = list(
        Client.objects.filter(business=business)
        .exclude(pk__in=list(first_colour))
        .order_by("id")
        .values_list("id", flat=True)[:2]
    )
    Client.objects.filter(pk__in=failed).update(
        allergies="Reacted to a patch test: no oxidation colour."
    )
    for client_id in failed:
        tested_on = today - timedelta(days=rng.randrange(30, 200))
        tests.append(
            patch_test(
                business.pk,
                client_id,
                tested_on,
                PatchTestResult.FAILED,
                rng.choice(recorders),
                rng,
            )
        )
    PatchTest.objects.bulk_create(tests, batch_size=500)
