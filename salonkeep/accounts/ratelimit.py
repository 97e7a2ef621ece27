"""Login rate limiting, kept in the cache (memory by default): nothing is written to the
business database, so the same code works on the read-only standby."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 15 * 60


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.lower().encode()).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def _keys(username: str, address: str) -> list[str]:
    return [_key("user", username), _key("addr", address)]


def is_locked_out(username: str, address: str) -> bool:
    limit: int = settings.SALONKEEP_LOGIN_ATTEMPTS
    return any((cache.get(key) or 0) >= limit for key in _keys(username, address))


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        if cache.add(key, 1, WINDOW_SECONDS):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, WINDOW_SECONDS)


def clear_failures(username: str, address: str) -> None:
    cache.delete_many(_keys(username, address))
