"""Django settings of `salonkeep standby`: the live settings, with everything that could
write or reach out replaced.

- No live database: "default" is Django's dummy backend, which refuses to be used; every
  query goes to a salon's snapshot, opened read-only (see registry.py, routing.py).
- Sessions in signed cookies, signed with the standby's own secret key (generated into
  ``<data folder>/standby/secret_key``), so logging in writes nothing.
- Login rate limits in memory (the local-memory cache).
- E-mail cannot be sent: the backend raises.
- Only the read-only pages exist (standby/urls.py); every other method is refused.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from salonkeep.settings import *  # noqa: F403
from salonkeep.settings import CONFIG, INSTALLED_APPS, TEMPLATES

SALONKEEP_STANDBY = True
STANDBY_HOME = Path(CONFIG.home) / "standby"


def standby_secret_key(folder: Path) -> str:
    """This standby's own key: never the live system's, which it has no business holding."""
    path = folder / "secret_key"
    if path.is_file():
        key = path.read_text(encoding="utf-8").strip()
        if len(key) >= 32:
            return key
    folder.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n", encoding="utf-8")
    path.chmod(0o600)
    return key


SECRET_KEY = standby_secret_key(STANDBY_HOME)

DATABASES = {"default": {"ENGINE": "django.db.backends.dummy"}}
DATABASE_ROUTERS = ["salonkeep.standby.routing.SnapshotRouter"]

ROOT_URLCONF = "salonkeep.standby.urls"
MIDDLEWARE = [
    "salonkeep.standby.middleware.ReadOnlyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "salonkeep.standby.middleware.SnapshotMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "salonkeep.standby.middleware.StandbyBusinessMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "salonkeep.standby.mail.RefusingBackend"
LOGIN_URL = "standby:login"
LOGIN_REDIRECT_URL = "standby:day"
if "salonkeep.standby" not in INSTALLED_APPS:
    INSTALLED_APPS = [*INSTALLED_APPS, "salonkeep.standby"]
TEMPLATES = [
    {
        **TEMPLATES[0],
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "salonkeep.accounts.context_processors.business",
                "salonkeep.standby.context_processors.standby",
            ],
        },
    }
]
