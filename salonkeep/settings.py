"""Django settings, built from this computer's configuration (see salonkeep.config)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from salonkeep import config as local_config

try:
    CONFIG = local_config.load()
except local_config.ConfigError as error:
    raise ImproperlyConfigured(str(error)) from None

BASE_DIR = Path(__file__).resolve().parent
SALONKEEP_HOME = CONFIG.home

SECRET_KEY: str = CONFIG["secret_key"]
DEBUG: bool = CONFIG["debug"]
ALLOWED_HOSTS: list[str] = CONFIG["allowed_hosts"]
SALONKEEP_LOGIN_ATTEMPTS: int = CONFIG["login_attempts"]
SALONKEEP_PUBLIC_URL: str = CONFIG["public_url"]

# E-mail: with no mail server configured nothing is sent (features say so where it matters).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST: str = CONFIG["smtp_host"]
EMAIL_PORT: int = CONFIG["smtp_port"]
EMAIL_HOST_USER: str = CONFIG["smtp_user"]
EMAIL_HOST_PASSWORD: str = CONFIG["smtp_password"]
EMAIL_USE_TLS: bool = CONFIG["smtp_security"] == "starttls"
EMAIL_USE_SSL: bool = CONFIG["smtp_security"] == "ssl"
EMAIL_TIMEOUT = 20
DEFAULT_FROM_EMAIL: str = CONFIG["email_from"]
SERVER_EMAIL: str = CONFIG["email_from"]

# Backup locations in S3-compatible buckets (salonkeep/continuity/bucket.py).
SALONKEEP_S3_ENDPOINT_URL: str = CONFIG["s3_endpoint_url"]
SALONKEEP_S3_REGION: str = CONFIG["s3_region"]
SALONKEEP_S3_ACCESS_KEY: str = CONFIG["s3_access_key"]
SALONKEEP_S3_SECRET_KEY: str = CONFIG["s3_secret_key"]

# Payment links through Stripe (salonkeep/paylinks/stripe_provider.py).
SALONKEEP_STRIPE_SECRET_KEY: str = CONFIG["stripe_secret_key"]
SALONKEEP_STRIPE_WEBHOOK_SECRET: str = CONFIG["stripe_webhook_secret"]
SALONKEEP_STRIPE_API_BASE: str = CONFIG["stripe_api_base"]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "salonkeep.system",
    "salonkeep.accounts",
    "salonkeep.activity",
    "salonkeep.team",
    "salonkeep.catalog",
    "salonkeep.clients",
    "salonkeep.book",
    "salonkeep.sales",
    "salonkeep.paylinks",
    "salonkeep.giftcards",
    "salonkeep.coupons",
    "salonkeep.tasks",
    "salonkeep.drawer",
    "salonkeep.continuity",
    "salonkeep.printouts",
    "salonkeep.notices",
    "salonkeep.standby",
    "salonkeep.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "salonkeep.accounts.middleware.BusinessMiddleware",
    "salonkeep.activity.middleware.ActorMiddleware",
]

ROOT_URLCONF = "salonkeep.urls"
WSGI_APPLICATION = "salonkeep.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "salonkeep.accounts.context_processors.business",
                "salonkeep.continuity.banners.backup_warnings",
                "salonkeep.notices.banner.notice_banners",
            ],
        },
    },
]


def database_settings(parsed: dict[str, Any]) -> dict[str, Any]:
    """Engine-specific tuning: SQLite in WAL mode with IMMEDIATE write transactions."""
    database = dict(parsed)
    if database["ENGINE"].endswith("sqlite3"):
        Path(database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        database["OPTIONS"] = {
            # Writers queue behind each other instead of failing with "database is locked";
            # IMMEDIATE takes the write lock at BEGIN, so a check-then-insert in one
            # transaction cannot interleave with another writer's.
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    else:
        database["CONN_MAX_AGE"] = 60
        database["CONN_HEALTH_CHECKS"] = True
    return database


DATABASES = {"default": database_settings(CONFIG["database_url"])}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "book:day"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
# salonkeep/ itself is not an app, so its shared static folder (app.css, htmx) is listed here.
STATICFILES_DIRS = [BASE_DIR / "static"]
# Static files are served from the package itself, so `serve` needs no collectstatic
# step and the system works on a salon network with no internet.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": CONFIG["log_level"]},
    "loggers": {"waitress.queue": {"level": "ERROR"}},
}
