"""The small demo salon's shape: one location, seven team members, the menu and who does what.

Everything here is created one `.save()` at a time, so the activity log opens with the
salon being set up, as it would for a real one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from salonkeep.accounts.models import Business, Location, OpeningHours, Role, User
from salonkeep.catalog.models import Service, ServicePerformer
from salonkeep.demo.menu import scaled_price
from salonkeep.lib.dates import local_instant
from salonkeep.team.models import ScheduleChange, TeamMember, TimeOff, WorkingHours

Hours = tuple[int, time, time]

MON, TUE, WED, THU, FRI, SAT = range(6)

# Late night on Thursday, an early start on Saturday, closed on Sunday.
OPENING: dict[int, tuple[time, time]] = {
    MON: (time(9), time(17, 30)),
    TUE: (time(9), time(18)),
    WED: (time(9), time(18)),
    THU: (time(9), time(21)),
    FRI: (time(9), time(19)),
    SAT: (time(8, 30), time(17)),
}

LADIES = ("ladies_cut", "restyle", "blow_dry", "fringe", "kids_cut", "up_do")
COLOURS = ("full_colour", "root_tint", "half_highlights", "full_highlights", "balayage", "toner")
TREATMENTS = ("olaplex", "deep_condition", "keratin", "scalp")
BARBERING = ("gents_cut", "skin_fade", "beard", "kids_cut")


def full_days(*weekdays: int) -> tuple[Hours, ...]:
    return tuple((weekday, *OPENING[weekday]) for weekday in weekdays)


@dataclass(frozen=True)
class TeamPlan:
    name: str
    title: str
    colour: str
    hours: tuple[Hours, ...]
    services: tuple[str, ...]
    login: Role | None = None
    # Per-service overrides of price (pence) or minutes, for this team member only.
    overrides: dict[str, dict[str, int]] = field(default_factory=dict)


TEAM: tuple[TeamPlan, ...] = (
    TeamPlan(
        "Charlotte Hughes",
        "Owner & creative director",
        "#b5838d",
        full_days(TUE, WED, FRI, SAT),
        LADIES + COLOURS + TREATMENTS,
        login=Role.OWNER,
        overrides={"restyle": {"price": 7500}},
    ),
    TeamPlan(
        "Tom Bennett",
        "Salon manager & stylist",
        "#6d9dc5",
        (*full_days(MON, TUE, WED), (THU, time(12), time(21)), (FRI, time(9), time(17))),
        (*LADIES, "gents_cut", "full_colour", "root_tint", "toner"),
        login=Role.MANAGER,
    ),
    TeamPlan(
        "Priya Shah",
        "Senior stylist",
        "#e07a5f",
        (
            *full_days(TUE),
            (WED, time(10), time(18)),
            (THU, time(12), time(21)),
            *full_days(FRI, SAT),
        ),
        LADIES + COLOURS + TREATMENTS,
        login=Role.STYLIST,
        # Faster and dearer: what a senior stylist's column looks like.
        overrides={
            "ladies_cut": {"price": 5800, "initial_minutes": 40},
            "restyle": {"price": 7500},
            "full_colour": {"price": 9500, "initial_minutes": 25},
            "half_highlights": {"price": 10500, "initial_minutes": 40},
            "balayage": {"price": 16500},
        },
    ),
    TeamPlan(
        "Megan Lloyd",
        "Colour technician",
        "#81b29a",
        (*full_days(MON, TUE), (THU, time(11), time(21)), *full_days(FRI, SAT)),
        (*COLOURS, *TREATMENTS, "blow_dry"),
    ),
    TeamPlan(
        "Aisha Rahman",
        "Stylist (part-time)",
        "#f2cc8f",
        ((THU, time(12), time(21)), (FRI, time(9), time(15)), (SAT, time(8, 30), time(14))),
        (*LADIES, "root_tint", "toner"),
    ),
    TeamPlan(
        "Jack Doyle",
        "Barber",
        "#3d405b",
        (*full_days(MON, WED), (THU, time(12), time(21)), *full_days(FRI, SAT)),
        BARBERING,
    ),
    TeamPlan(
        "Ellie Walsh",
        "Junior stylist",
        "#c9a0dc",
        full_days(MON, TUE, WED, FRI, SAT),
        ("blow_dry", "ladies_cut", "kids_cut", "fringe", "olaplex", "deep_condition", "toner"),
        overrides={
            "ladies_cut": {"price": 3800, "initial_minutes": 60},
            "blow_dry": {"initial_minutes": 40},
        },
    ),
)

FRONT_DESK_NAME = "Grace Ellis"


def set_up_location(business: Business) -> Location:
    """The location create_business made, with an address and the demo's opening hours."""
    location = Location.objects.get(business=business)
    location.name = "Market Street"
    location.address = "14 Market Street\nHebden Bridge\nHX7 6AA"
    location.phone = "01632 960123"
    location.save()
    OpeningHours.objects.filter(location=location).exclude(weekday__in=OPENING).delete()
    for weekday, (opens, closes) in OPENING.items():
        hours, _ = OpeningHours.objects.get_or_create(
            business=business,
            location=location,
            weekday=weekday,
            defaults={"opens": opens, "closes": closes},
        )
        hours.opens, hours.closes = opens, closes
        hours.save()
    return location


def create_team(
    business: Business, location: Location, services: dict[str, Service], users: dict[Role, User]
) -> list[TeamMember]:
    members: list[TeamMember] = []
    for position, plan in enumerate(TEAM):
        user = users.get(plan.login) if plan.login else None
        member = TeamMember.objects.filter(business=business, user=user).first() if user else None
        member = member or TeamMember(business=business, user=user)
        member.name, member.title, member.colour = plan.name, plan.title, plan.colour
        member.position = position
        member.save()
        for weekday, starts, ends in plan.hours:
            WorkingHours.objects.create(
                business=business,
                team_member=member,
                location=location,
                weekday=weekday,
                starts=starts,
                ends=ends,
            )
        for key in plan.services:
            override = dict(plan.overrides.get(key, {}))
            if "price" in override:
                override["price"] = scaled_price(override["price"], business.currency)
            ServicePerformer.objects.create(
                business=business, service=services[key], team_member=member, **override
            )
        members.append(member)
    return members


def create_schedule_exceptions(
    business: Business, location: Location, members: list[TeamMember], today: date
) -> None:
    """A holiday next week and two one-off changes, so the book shows both kinds."""
    by_name = {member.name: member for member in members}
    tz = ZoneInfo(business.time_zone)
    holiday_start = today + timedelta(days=3 + (TUE - today.weekday() - 3) % 7)
    TimeOff.objects.create(
        business=business,
        team_member=by_name["Megan Lloyd"],
        starts_at=local_instant(holiday_start, time(0), tz),
        ends_at=local_instant(holiday_start + timedelta(days=3), time(0), tz),
        reason="Holiday (Tenerife)",
    )
    ScheduleChange.objects.create(
        business=business,
        team_member=by_name["Aisha Rahman"],
        location=location,
        date=holiday_start,
        starts=time(9),
        ends=time(18),
        note="Covering Megan's holiday",
    )
    last_monday = today - timedelta(days=(today.weekday() - MON) % 7 or 7)
    ScheduleChange.objects.create(
        business=business,
        team_member=by_name["Tom Bennett"],
        location=location,
        date=last_monday,
        starts=time(9),
        ends=time(13),
        note="Dentist in the afternoon",
    )
