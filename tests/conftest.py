"""Shared fixtures. Every test gets a salon with one login per role, and a second salon
("other") whose data must never be visible to the first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

import pytest
from django.core.cache import cache
from django.test import Client as HttpClient

from salonkeep.accounts.models import Business, Location, Role, User
from salonkeep.accounts.provisioning import NewBusiness, create_business
from salonkeep.catalog.models import Service, ServiceCategory, ServicePerformer
from salonkeep.clients.models import Client
from salonkeep.team.models import TeamMember, WorkingHours
from tests.mailserver import mail_settings, mailbox  # noqa: F401 (fixtures for every area)

PASSWORD = "correct-horse-42"


@dataclass
class Salon:
    business: Business
    location: Location
    owner: User
    manager: User
    front_desk: User
    stylist: User
    # Team members: the owner and the stylist login are bookable, plus Jo without a login.
    owner_member: TeamMember
    stylist_member: TeamMember
    jo: TeamMember
    colour: Service  # 30 min initial, 45 processing, 30 finish, 15 clean-up
    cut: Service  # 45 min, no processing
    client: Client

    def user(self, role: str) -> User:
        return {
            Role.OWNER: self.owner,
            Role.MANAGER: self.manager,
            Role.FRONT_DESK: self.front_desk,
            Role.STYLIST: self.stylist,
        }[Role(role)]


def make_salon(name: str, prefix: str) -> Salon:
    business, owner = create_business(
        NewBusiness(
            name=name,
            currency="GBP",
            time_zone="Europe/London",
            location_name="High Street",
            owner_username=f"{prefix}owner",
            owner_password=PASSWORD,
            owner_name="Olivia Owner",
        )
    )
    location = Location.objects.get(business=business)
    users = {
        role: User.objects.create_user(
            username=f"{prefix}{role}", password=PASSWORD, business=business, role=role
        )
        for role in (Role.MANAGER, Role.FRONT_DESK, Role.STYLIST)
    }
    owner_member = TeamMember.objects.get(business=business, user=owner)
    stylist_member = TeamMember.objects.create(
        business=business, user=users[Role.STYLIST], name="Sam Stylist", position=1
    )
    jo = TeamMember.objects.create(business=business, name="Jo Junior", position=2)
    for member in (owner_member, stylist_member, jo):
        for weekday in range(6):
            WorkingHours.objects.create(
                business=business,
                team_member=member,
                location=location,
                weekday=weekday,
                starts=time(9),
                ends=time(18),
            )
    category = ServiceCategory.objects.create(business=business, name="Colour")
    colour = Service.objects.create(
        business=business,
        category=category,
        name="Full head colour",
        price=8500,
        initial_minutes=30,
        processing_minutes=45,
        finish_minutes=30,
        blocked_minutes=15,
    )
    cut = Service.objects.create(
        business=business, name="Cut and finish", price=4500, initial_minutes=45
    )
    for service in (colour, cut):
        for member in (owner_member, stylist_member, jo):
            ServicePerformer.objects.create(business=business, service=service, team_member=member)
    client = Client.objects.create(
        business=business, first_name="Alice", last_name="Archer", phone="07700 900123"
    )
    return Salon(
        business=business,
        location=location,
        owner=owner,
        manager=users[Role.MANAGER],
        front_desk=users[Role.FRONT_DESK],
        stylist=users[Role.STYLIST],
        owner_member=owner_member,
        stylist_member=stylist_member,
        jo=jo,
        colour=colour,
        cut=cut,
        client=client,
    )


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def salon(db) -> Salon:
    return make_salon("Rose & Thorn", "")


@pytest.fixture
def other(db) -> Salon:
    return make_salon("Other Salon", "other_")


def logged_in(user: User) -> HttpClient:
    http = HttpClient()
    http.force_login(user)
    return http


@pytest.fixture
def as_owner(salon: Salon) -> HttpClient:
    return logged_in(salon.owner)


@pytest.fixture
def as_manager(salon: Salon) -> HttpClient:
    return logged_in(salon.manager)


@pytest.fixture
def as_front_desk(salon: Salon) -> HttpClient:
    return logged_in(salon.front_desk)


@pytest.fixture
def as_stylist(salon: Salon) -> HttpClient:
    return logged_in(salon.stylist)
