"""Logging in to the standby with the live system's usernames and passwords, writing
nothing: the password is checked against the hash in the snapshot without upgrading it,
no last-login time is recorded (Django's login() would do both), the session is a
signed cookie and failed attempts are counted in memory.

A username is looked up in every salon of the location. Usernames are unique within
one installation, but a location may hold salons of several installations: when the
same username AND password work for more than one salon, the visitor chooses which.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import check_password, make_password
from django.http import HttpRequest
from django.middleware.csrf import rotate_token

from salonkeep.accounts.models import User
from salonkeep.standby.middleware import SALON_SESSION_KEY
from salonkeep.standby.registry import Served, use

BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class Match:
    served: Served
    user: User


def matching_logins(salons: list[Served], username: str, password: str) -> list[Match]:
    """Every salon where this username exists, is active and has this password."""
    matches = []
    looked_up = False
    for served in salons:
        user = User._default_manager.db_manager(use(served)).filter(username=username).first()
        if user is None or not user.is_active or user.business_id is None:
            continue
        looked_up = True
        # The module-level check_password with no setter: never re-hashes and saves.
        if check_password(password, user.password):
            matches.append(Match(served, user))
    if not looked_up:
        # As long as a real check, so timing does not tell which usernames exist.
        make_password(password)
    return matches


def start_session(request: HttpRequest, match: Match) -> None:
    """What django.contrib.auth.login() does, minus the user_logged_in signal (which
    writes the last-login time)."""
    request.session.cycle_key()
    user = match.user
    request.session[SESSION_KEY] = user._meta.pk.value_to_string(user)
    request.session[BACKEND_SESSION_KEY] = BACKEND
    request.session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    request.session[SALON_SESSION_KEY] = match.served.slug
    request.user = user
    rotate_token(request)
