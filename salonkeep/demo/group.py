"""The large demo's shape: a group of three salons and forty team members.

Rows are bulk-created (not logged one by one): this is generated benchmark data.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import time

from salonkeep.accounts.models import Business, Location, OpeningHours, Role, User
from salonkeep.catalog.models import Service, ServicePerformer, ServiceTerms, terms_for
from salonkeep.demo import names
from salonkeep.demo.menu import MENU_BY_KEY, scaled_price
from salonkeep.demo.salon import BARBERING, COLOURS, LADIES, TREATMENTS
from salonkeep.team.models import TeamMember, WorkingHours

Shift = tuple[time, time]

WEEKDAY_HOURS: dict[int, Shift] = {
    0: (time(9), time(19)),
    1: (time(9), time(19)),
    2: (time(9), time(19)),
    3: (time(9), time(21)),
    4: (time(9), time(19)),
    5: (time(8, 30), time(18)),
}
SUNDAY_HOURS: Shift = (time(10), time(16))
THURSDAY_EARLY: Shift = (time(9), time(17))
THURSDAY_LATE: Shift = (time(12), time(21))


@dataclass(frozen=True)
class SalonPlan:
    name: str
    address: str
    phone: str
    open_sunday: bool


SALONS = (
    SalonPlan("Leeds, Briggate", "88 Briggate\nLeeds\nLS1 6NP", "0113 496 0321", True),
    SalonPlan("York, Stonegate", "21 Stonegate\nYork\nYO1 8AW", "01632 960456", True),
    SalonPlan(
        "Harrogate, Parliament Street",
        "5 Parliament Street\nHarrogate\nHG1 2QU",
        "01632 960789",
        False,
    ),
)

TEAM_SIZE = 40
# Job titles in the order each salon fills them, with the services each one does.
TITLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Salon manager", LADIES + COLOURS),
    ("Senior stylist", LADIES + COLOURS + TREATMENTS),
    ("Barber", BARBERING),
    ("Stylist", (*LADIES, "root_tint", "toner", "olaplex")),
    ("Colour technician", (*COLOURS, *TREATMENTS, "blow_dry")),
    ("Stylist", (*LADIES, "full_colour", "root_tint", "toner")),
    ("Barber", BARBERING),
    ("Junior stylist", ("blow_dry", "ladies_cut", "kids_cut", "fringe", "olaplex", "toner")),
    ("Senior stylist", LADIES + COLOURS + TREATMENTS),
    ("Stylist", (*LADIES, "gents_cut", "root_tint")),
    ("Colour technician", (*COLOURS, *TREATMENTS, "blow_dry")),
    ("Barber", BARBERING),
    ("Stylist", (*LADIES, "root_tint", "toner")),
    ("Junior stylist", ("blow_dry", "kids_cut", "fringe", "deep_condition")),
)
COLOURS_HEX = (
    "#b5838d",
    "#6d9dc5",
    "#e07a5f",
    "#81b29a",
    "#f2cc8f",
    "#3d405b",
    "#c9a0dc",
    "#8d99ae",
    "#ef8354",
    "#2a9d8f",
)


@dataclass
class GroupMember:
    """A team member as the book generator needs them: where and when they work, and
    the terms of each service they do."""

    member_id: int
    location_id: int
    shifts: dict[int, Shift]  # weekday -> shift
    terms: dict[str, ServiceTerms]


def create_locations(business: Business) -> list[tuple[Location, dict[int, Shift]]]:
    first = Location.objects.get(business=business)
    result = []
    for position, plan in enumerate(SALONS):
        location = first if position == 0 else Location(business=business)
        location.name, location.address, location.phone = plan.name, plan.address, plan.phone
        location.position = position
        location.save()
        hours = dict(WEEKDAY_HOURS)
        if plan.open_sunday:
            hours[6] = SUNDAY_HOURS
        OpeningHours.objects.filter(location=location).delete()
        OpeningHours.objects.bulk_create(
            OpeningHours(business=business, location=location, weekday=day, opens=o, closes=c)
            for day, (o, c) in hours.items()
        )
        result.append((location, hours))
    return result


def create_group_team(
    business: Business,
    owner: User,
    locations: list[tuple[Location, dict[int, Shift]]],
    services: dict[str, Service],
    users: dict[Role, User],
    rng: random.Random,
) -> list[GroupMember]:
    """Forty team members spread over the salons. Each works five days a week, with days
    off rotating so every open day is staffed; on Thursdays half start late."""
    owner_member = TeamMember.objects.get(business=business, user=owner)
    rows: list[tuple[TeamMember, Location, dict[int, Shift], tuple[str, ...], bool]] = []
    per_salon = [0] * len(locations)
    for index in range(TEAM_SIZE):
        salon = index % len(locations)
        location, opening = locations[salon]
        title, keys = TITLES[per_salon[salon] % len(TITLES)]
        per_salon[salon] += 1
        if index == 0:
            member, title, keys = owner_member, "Owner & creative director", LADIES + COLOURS
        else:
            name = f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"
            member = TeamMember(business=business, name=name)
        member.title, member.colour, member.position = title, COLOURS_HEX[index % 10], index
        open_days = sorted(opening)
        days_off = {open_days[(index * 2 + k) % len(open_days)] for k in range(len(open_days) - 5)}
        shifts = {day: opening[day] for day in open_days if day not in days_off}
        if 3 in shifts:
            shifts[3] = THURSDAY_LATE if index % 2 else THURSDAY_EARLY
        rows.append((member, location, shifts, keys, title.startswith("Senior")))
    if users:
        for role, wanted in ((Role.MANAGER, "Salon manager"), (Role.STYLIST, "Senior stylist")):
            member = next(row[0] for row in rows if row[0].title == wanted and row[0].user is None)
            member.user, member.name = users[role], users[role].get_full_name()
    owner_member.save()
    TeamMember.objects.bulk_create([row[0] for row in rows if row[0].pk is None], batch_size=500)

    WorkingHours.objects.bulk_create(
        (
            WorkingHours(
                business=business,
                team_member=member,
                location=location,
                weekday=day,
                starts=starts,
                ends=ends,
            )
            for member, location, shifts, _, _ in rows
            for day, (starts, ends) in shifts.items()
        ),
        batch_size=500,
    )
    performers = []
    for member, _, _, keys, senior in rows:
        for key in dict.fromkeys(keys):
            performer = ServicePerformer(
                business=business, service=services[key], team_member=member
            )
            if senior and MENU_BY_KEY[key].price >= 4000:
                performer.price = scaled_price(
                    MENU_BY_KEY[key].price * 6 // 5 // 100 * 100, business.currency
                )
            performers.append(performer)
    ServicePerformer.objects.bulk_create(performers, batch_size=500)

    key_of = {service.pk: key for key, service in services.items()}
    terms: dict[int, dict[str, ServiceTerms]] = {member.pk: {} for member, *_ in rows}
    for performer in performers:
        terms[performer.team_member_id][key_of[performer.service_id]] = terms_for(
            services[key_of[performer.service_id]], performer
        )
    return [
        GroupMember(member.pk, location.pk, shifts, terms[member.pk])
        for member, location, shifts, _, _ in rows
    ]
