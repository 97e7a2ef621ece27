"""Rules for staff logins, shared by the settings pages and `salonkeep createuser`."""

from __future__ import annotations

from salonkeep.accounts.models import Business, Role, User

# Managers run the floor but may not hand out (or take over) the keys to the business.
ROLES_A_MANAGER_MAY_GRANT = (Role.FRONT_DESK, Role.STYLIST)


def grantable_roles(actor: User | None) -> list[Role]:
    """The roles this person may give a login; ``None`` means the command line (any role)."""
    if actor is None or actor.role == Role.OWNER:
        return list(Role)
    if actor.role == Role.MANAGER:
        return [Role(role) for role in ROLES_A_MANAGER_MAY_GRANT]
    return []


def may_edit_login(actor: User, login: User) -> bool:
    """Owners edit every login of their business; managers only front desk and stylists.

    Another business's logins never reach this question: they are a 404 before it."""
    return actor.business_id == login.business_id and login.role in grantable_roles(actor)


def username_taken(username: str, exclude: User | None = None) -> bool:
    """Usernames are unique across the installation, ignoring case, so "Sam" and "sam"
    can never be two people logging in to two salons on the same computer."""
    found = User.objects.filter(username__iexact=username.strip())
    if exclude is not None and exclude.pk is not None:
        found = found.exclude(pk=exclude.pk)
    return found.exists()


def other_active_owners(business: Business, login: User) -> int:
    return (
        User.objects.filter(business=business, role=Role.OWNER, is_active=True)
        .exclude(pk=login.pk)
        .count()
    )


def leaves_no_owner(login: User, *, role: str, is_active: bool) -> bool:
    """Would giving ``login`` this role/active state leave its business without an active
    owner? Nobody could then manage owners and managers, so that is refused."""
    if login.pk is None or login.business is None:
        return False
    if role == Role.OWNER and is_active:
        return False
    # The stored state, not the (possibly already edited) instance in memory.
    was_owner = User.objects.filter(pk=login.pk, role=Role.OWNER, is_active=True).exists()
    return was_owner and other_active_owners(login.business, login) == 0
