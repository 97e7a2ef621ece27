"""The four demo logins, one per role, all with the same published password."""

from __future__ import annotations

from dataclasses import dataclass

from salonkeep.accounts.models import Business, Role, User
from salonkeep.accounts.provisioning import NewBusiness, create_business

DEMO_PASSWORD = "salonkeep-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    full_name: str


def demo_logins(prefix: str, names: dict[Role, str]) -> list[DemoLogin]:
    """Usernames are unique across an installation, so the large demo prefixes its own."""
    suffixes = {
        Role.OWNER: "owner",
        Role.MANAGER: "manager",
        Role.FRONT_DESK: "frontdesk",
        Role.STYLIST: "stylist",
    }
    return [DemoLogin(f"{prefix}{suffix}", role, names[role]) for role, suffix in suffixes.items()]


def create_demo_business(
    *, name: str, slug: str, location_name: str, owner: DemoLogin, currency: str, time_zone: str
) -> tuple[Business, User]:
    """The demo business with its first location and the owner login (logged as "demo")."""
    return create_business(
        NewBusiness(
            name=name,
            slug=slug,
            currency=currency,
            time_zone=time_zone,
            location_name=location_name,
            owner_username=owner.username,
            owner_password=DEMO_PASSWORD,
            owner_name=owner.full_name,
        ),
        actor="demo",
    )


def usernames_taken(logins: list[DemoLogin]) -> list[str]:
    wanted = [login.username for login in logins]
    return sorted(User.objects.filter(username__in=wanted).values_list("username", flat=True))


def create_staff_logins(
    business: Business, owner: User, logins: list[DemoLogin]
) -> dict[Role, User]:
    """Manager, front desk and stylist logins beside the owner created with the business.
    They reuse the owner's password hash: hashing is deliberately slow and the password
    is the same published one."""
    users: dict[Role, User] = {Role.OWNER: owner}
    for login in logins:
        if login.role == Role.OWNER:
            continue
        first, _, last = login.full_name.partition(" ")
        user = User(
            username=login.username,
            first_name=first,
            last_name=last,
            business=business,
            role=login.role,
            password=owner.password,
        )
        user.save()
        users[login.role] = user
    return users


def login_instructions(logins: list[DemoLogin]) -> list[str]:
    lines = [
        "To try it: run `salonkeep serve`, open http://localhost:8000/ and log in as",
    ]
    width = max(len(login.username) for login in logins)
    for login in logins:
        lines.append(f"  {login.username.ljust(width)}  ({login.role.label}, {login.full_name})")
    lines.append(f"Password for all of them: {DEMO_PASSWORD}")
    return lines
