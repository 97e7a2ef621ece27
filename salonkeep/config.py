"""This computer's settings: one place, one order of precedence.

A value comes from, in order: a command-line flag (only where a command offers one,
e.g. ``serve --port``), an environment variable, the machine-local config file
``salonkeep.toml`` in the data folder, or the built-in default. Nothing here is business
data, so nothing here is ever part of a backup.
"""

from __future__ import annotations

import os
import secrets
import sys
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import unquote, urlsplit

CONFIG_FILE_NAME = "salonkeep.toml"
SECRET_KEY_FILE_NAME = "secret_key"


class ConfigError(Exception):
    """A setting has a value that Salonkeep cannot use; the message says which and why."""


def default_home(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> Path:
    """The documented default data folder for this operating system."""
    if platform == "win32":
        base = environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "Salonkeep"
    if platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "Salonkeep"
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "salonkeep"


def parse_bool(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError("is not one of true/false, yes/no, on/off, 1/0")


def int_between(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        try:
            number = int(text.strip())
        except ValueError:
            raise ValueError(f"is not a whole number between {low} and {high}") from None
        if not low <= number <= high:
            raise ValueError(f"is not between {low} and {high}")
        return number

    return parse


def parse_host_list(text: str) -> list[str]:
    hosts = [part.strip() for part in text.split(",") if part.strip()]
    if not hosts:
        raise ValueError("names no host")
    return hosts


def parse_log_level(text: str) -> str:
    level = text.strip().upper()
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
        raise ValueError("is not one of DEBUG, INFO, WARNING, ERROR")
    return level


def parse_smtp_security(text: str) -> str:
    value = text.strip().lower()
    if value not in ("none", "starttls", "ssl"):
        raise ValueError("must be none, starttls or ssl")
    return value


def parse_public_url(text: str) -> str:
    value = text.strip().rstrip("/")
    if not value.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return value


def parse_optional_url(text: str) -> str:
    value = text.strip().rstrip("/")
    if value and not value.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https:// (or be empty)")
    return value


def parse_secret_key(text: str) -> str:
    if len(text) < 32:
        raise ValueError("is shorter than 32 characters")
    return text


def parse_database_url(text: str) -> dict[str, Any]:
    """Turn ``sqlite:///path`` or ``postgresql://user:pw@host:port/name`` into Django's form."""
    parts = urlsplit(text.strip())
    if parts.scheme == "sqlite":
        # sqlite:/// is the scheme; the rest is the path: sqlite:////srv/x.sqlite3 on
        # Linux/macOS, sqlite:///C:/Salonkeep/x.sqlite3 on Windows. A relative path would
        # depend on the folder the server happens to be started from, so it is refused.
        path = unquote(parts.path)[1:]
        if parts.netloc or path.endswith(("/", "\\")) or not PurePath(path).is_absolute():
            raise ValueError("must look like sqlite:////absolute/path/to/file.sqlite3")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
    if parts.scheme in {"postgres", "postgresql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ValueError("names no database (postgresql://user:password@host:5432/NAME)")
        try:
            port = parts.port
        except ValueError:
            raise ValueError("has a port that is not a number") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": unquote(parts.hostname or ""),
            "PORT": str(port or ""),
        }
    raise ValueError("must start with sqlite:/// or postgresql://")


@dataclass(frozen=True)
class Setting:
    name: str
    env: str
    parse: Callable[[str], Any]
    help: str
    default: Callable[[Path], str] | None = None
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "database_url",
        "DATABASE_URL",
        parse_database_url,
        "Where the business database lives: sqlite:///PATH or postgresql://USER:PW@HOST:PORT/NAME.",
        default=lambda home: f"sqlite:///{home / 'salonkeep.sqlite3'}",
        secret=True,
    ),
    Setting(
        "secret_key",
        "SALONKEEP_SECRET_KEY",
        parse_secret_key,
        "Signs sessions and links. Generated into the data folder on first start if unset.",
        secret=True,
    ),
    Setting(
        "host",
        "SALONKEEP_HOST",
        str.strip,
        "Address `salonkeep serve` listens on; 0.0.0.0 lets other computers on the salon "
        "network reach it.",
        default=lambda home: "127.0.0.1",
    ),
    Setting(
        "port",
        "SALONKEEP_PORT",
        int_between(1, 65535),
        "Port `salonkeep serve` listens on.",
        default=lambda home: "8000",
    ),
    Setting(
        "allowed_hosts",
        "SALONKEEP_ALLOWED_HOSTS",
        parse_host_list,
        "Comma-separated host names the web server answers to (* for any).",
        default=lambda home: "*",
    ),
    Setting(
        "threads",
        "SALONKEEP_THREADS",
        int_between(1, 64),
        "Worker threads of the web server.",
        default=lambda home: "8",
    ),
    Setting(
        "login_attempts",
        "SALONKEEP_LOGIN_ATTEMPTS",
        int_between(1, 100),
        "Failed logins allowed per username and per address in 15 minutes before a pause.",
        default=lambda home: "5",
    ),
    Setting(
        "debug",
        "SALONKEEP_DEBUG",
        parse_bool,
        "Show developer error pages. Never on a salon's live system.",
        default=lambda home: "false",
    ),
    Setting(
        "log_level",
        "SALONKEEP_LOG_LEVEL",
        parse_log_level,
        "How much the server logs: DEBUG, INFO, WARNING or ERROR.",
        default=lambda home: "INFO",
    ),
    Setting(
        "public_url",
        "SALONKEEP_PUBLIC_URL",
        parse_public_url,
        "The address staff and clients use to reach this system; links in e-mails start with it.",
        default=lambda home: "http://localhost:8000",
    ),
    Setting(
        "smtp_host",
        "SALONKEEP_SMTP_HOST",
        str.strip,
        "Mail server that sends Salonkeep's e-mails (receipts, notices, payment links). "
        "Empty: no e-mail is sent.",
        default=lambda home: "",
    ),
    Setting(
        "smtp_port",
        "SALONKEEP_SMTP_PORT",
        int_between(1, 65535),
        "Port of the mail server.",
        default=lambda home: "25",
    ),
    Setting(
        "smtp_user",
        "SALONKEEP_SMTP_USER",
        str.strip,
        "User name for the mail server (empty: none).",
        default=lambda home: "",
    ),
    Setting(
        "smtp_password",
        "SALONKEEP_SMTP_PASSWORD",
        str,
        "Password for the mail server.",
        default=lambda home: "",
        secret=True,
    ),
    Setting(
        "smtp_security",
        "SALONKEEP_SMTP_SECURITY",
        parse_smtp_security,
        "How the connection to the mail server is protected: none, starttls or ssl.",
        default=lambda home: "none",
    ),
    Setting(
        "email_from",
        "SALONKEEP_EMAIL_FROM",
        str.strip,
        "The sender address of Salonkeep's e-mails.",
        default=lambda home: "salonkeep@localhost",
    ),
    Setting(
        "standby_every_minutes",
        "SALONKEEP_STANDBY_EVERY_MINUTES",
        int_between(0, 1440),
        "How often the live system checks each salon for changes and, if any, publishes "
        "a fresh snapshot for `salonkeep standby` into its backup location (0: never).",
        default=lambda home: "5",
    ),
    # Payment links through Stripe (salonkeep/paylinks). Kept here, on this computer
    # only: never in the business database or a backup. No secret key: the built-in
    # provider (the client's page records their promise; the salon marks it paid).
    Setting(
        "stripe_secret_key",
        "SALONKEEP_STRIPE_SECRET_KEY",
        str.strip,
        "Stripe secret API key (sk_live_... or sk_test_...) for payment links. "
        "Empty: payment links use the built-in provider.",
        default=lambda home: "",
        secret=True,
    ),
    Setting(
        "stripe_webhook_secret",
        "SALONKEEP_STRIPE_WEBHOOK_SECRET",
        str.strip,
        "Signing secret (whsec_...) of the Stripe webhook endpoint "
        "PUBLIC_URL/pay/stripe/webhook/; events with any other signature are refused.",
        default=lambda home: "",
        secret=True,
    ),
    Setting(
        "stripe_api_base",
        "SALONKEEP_STRIPE_API_BASE",
        parse_optional_url,
        "Address of the Stripe API (empty: Stripe itself; set only for a Stripe test server).",
        default=lambda home: "",
    ),
    # Backup locations in an S3-compatible bucket (s3://BUCKET/PREFIX). Kept here, on
    # this computer only: never in the business database or a backup.
    Setting(
        "s3_endpoint_url",
        "SALONKEEP_S3_ENDPOINT_URL",
        parse_optional_url,
        "Address of the S3-compatible server holding s3:// backup locations "
        "(empty: Amazon S3 itself).",
        default=lambda home: "",
    ),
    Setting(
        "s3_region",
        "SALONKEEP_S3_REGION",
        str.strip,
        "Region of the bucket (most other S3-compatible servers accept any).",
        default=lambda home: "us-east-1",
    ),
    Setting(
        "s3_access_key",
        "SALONKEEP_S3_ACCESS_KEY",
        str.strip,
        "Access key (key id) for the backup bucket.",
        default=lambda home: "",
    ),
    Setting(
        "s3_secret_key",
        "SALONKEEP_S3_SECRET_KEY",
        str,
        "Secret key for the backup bucket.",
        default=lambda home: "",
        secret=True,
    ),
)

MACHINE_KEYS: dict[str, str] = {
    "station_name": "What this computer is called in the salon (e.g. Front desk).",
    "serial": "Licence or serial number of this installation.",
    "receipt_printer": "The receipt printer attached to this computer.",
    "cash_drawer": "The cash drawer attached to this computer.",
    "default_state": "Default state or county for new client addresses typed here.",
    "default_area_code": "Default telephone area code for numbers typed here.",
}


@dataclass(frozen=True)
class Resolved:
    value: Any
    raw: str
    source: str
    secret: bool = False

    def shown(self) -> str:
        if not self.secret:
            return self.raw
        if self.raw.startswith(("postgres", "sqlite")):
            parts = urlsplit(self.raw)
            if parts.password:
                return self.raw.replace(f":{parts.password}@", ":********@", 1)
            return self.raw
        return "********"


@dataclass
class Config:
    home: Path
    home_source: str
    file_path: Path
    values: dict[str, Resolved] = field(default_factory=dict)
    machine: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name].value


def read_config_file(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"The config file {path} cannot be read: {error}") from None
    known = {setting.name for setting in SETTINGS} | {"machine"}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ConfigError(
            f"The config file {path} has unknown setting(s): {', '.join(unknown)}. "
            f"Known settings: {', '.join(sorted(known))}."
        )
    machine = data.get("machine", {})
    if not isinstance(machine, dict):
        raise ConfigError(f"The config file {path}: [machine] must be a table.")
    unknown_machine = sorted(set(machine) - set(MACHINE_KEYS))
    if unknown_machine:
        raise ConfigError(
            f"The config file {path} has unknown [machine] key(s): {', '.join(unknown_machine)}."
        )
    return data


def ensure_secret_key(home: Path) -> str:
    """Read this machine's generated secret key, creating it on first use."""
    path = home / SECRET_KEY_FILE_NAME
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(48)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(key + "\n")
    return key


def load(environ: Mapping[str, str] = os.environ) -> Config:
    """Resolve every setting and say where each came from. Raises ConfigError on bad values."""
    if environ.get("SALONKEEP_HOME"):
        home = Path(environ["SALONKEEP_HOME"]).expanduser()
        home_source = "environment variable SALONKEEP_HOME"
    else:
        home = default_home(environ)
        home_source = "default"
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigError(f"The data folder {home} cannot be created: {error.strerror}") from None
    if not os.access(home, os.W_OK):
        raise ConfigError(f"The data folder {home} is not writable by this user.")

    file_path = home / CONFIG_FILE_NAME
    file_data = read_config_file(file_path)
    config = Config(home=home, home_source=home_source, file_path=file_path)
    config.machine = {key: str(value) for key, value in file_data.get("machine", {}).items()}

    for setting in SETTINGS:
        if environ.get(setting.env, "") != "":
            raw, source = environ[setting.env], f"environment variable {setting.env}"
        elif setting.name in file_data:
            raw, source = _file_value(file_data[setting.name]), f"config file {file_path}"
        elif setting.default is not None:
            raw, source = setting.default(home), "default"
        else:  # the secret key: generated once, kept in the data folder
            raw = ensure_secret_key(home)
            source = f"generated, kept in {home / SECRET_KEY_FILE_NAME}"
        try:
            value = setting.parse(raw)
        except ValueError as error:
            shown = "(hidden)" if setting.secret else repr(raw)
            raise ConfigError(f"Setting {setting.name} = {shown} from {source} {error}.") from None
        config.values[setting.name] = Resolved(value, raw, source, setting.secret)
    return config


def _file_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(str(item) for item in value)
    return str(value)


def describe(config: Config) -> str:
    """The text `salonkeep config` prints."""
    lines = [
        f"data folder     {config.home}   ({config.home_source})",
        f"config file     {config.file_path}"
        + ("" if config.file_path.exists() else "   (not present; defaults apply)"),
        "",
    ]
    width = max(len(name) for name in [*(s.name for s in SETTINGS), *MACHINE_KEYS])
    for setting in SETTINGS:
        resolved = config.values[setting.name]
        lines.append(f"{setting.name.ljust(width)}  {resolved.shown()}   ({resolved.source})")
    lines.append("")
    lines.append("[machine] (this computer only; never in a backup)")
    for key in MACHINE_KEYS:
        lines.append(f"{key.ljust(width)}  {config.machine.get(key, '(not set)')}")
    return "\n".join(lines)
