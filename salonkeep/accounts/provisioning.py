"""Creating a salon: the setup page, `salonkeep createbusiness` and the demo all use this."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from django.db import transaction

from salonkeep.accounts.forms import unique_business_slug
from salonkeep.accounts.models import Business, Location, OpeningHours, Role, User
from salonkeep.activity.recorder import acting_as

# Until the owner says otherwise, a new location opens Monday to Saturday, 9 to 6.
DEFAULT_OPENING = {weekday: (time(9), time(18)) for weekday in range(6)}


@dataclass(frozen=True)
class NewBusiness:
    name: str
    currency: str
    time_zone: str
    location_name: str
    owner_username: str
    owner_password: str
    owner_name: str = ""
    slug: str = ""


def split_name(full_name: str) -> tuple[str, str]:
    first, _, last = full_name.strip().partition(" ")
    return first[:150], last.strip()[:150]


@transaction.atomic
def create_business(spec: NewBusiness, actor: str = "setup") -> tuple[Business, User]:
    """A business with one location (default opening hours), its owner login, and the
    owner as a bookable team member."""
    from salonkeep.team.models import TeamMember

    with acting_as(actor):
        business = Business.objects.create(
            name=spec.name,
            slug=spec.slug or unique_business_slug(spec.name),
            currency=spec.currency,
            time_zone=spec.time_zone,
        )
        location = Location.objects.create(business=business, name=spec.location_name)
        for weekday, (opens, closes) in DEFAULT_OPENING.items():
            OpeningHours.objects.create(
                business=business, location=location, weekday=weekday, opens=opens, closes=closes
            )
        first, last = split_name(spec.owner_name)
        owner = User.objects.create_user(
            username=spec.owner_username,
            password=spec.owner_password,
            first_name=first,
            last_name=last,
            business=business,
            role=Role.OWNER,
        )
        TeamMember.objects.create(
            business=business, user=owner, name=spec.owner_name.strip() or spec.owner_username
        )
    return business, owner
