"""The standby served in-process: the test client with the standby's own settings, and a
backup location holding the salons' standby snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from salonkeep.continuity.manifest import DATA_FILE, sha256_of
from salonkeep.standby import settings as standby_settings
from salonkeep.standby.publishing import publish_if_changed
from salonkeep.standby.registry import Standby, install
from salonkeep.standby.sources import FolderSource
from tests.conftest import PASSWORD

STANDBY_SETTINGS = (
    "ROOT_URLCONF",
    "MIDDLEWARE",
    "SESSION_ENGINE",
    "DATABASE_ROUTERS",
    "TEMPLATES",
    "EMAIL_BACKEND",
    "LOGIN_URL",
    "LOGIN_REDIRECT_URL",
    "SECRET_KEY",
    "SALONKEEP_STANDBY",
)


@pytest.fixture
def location(tmp_path) -> Path:
    return tmp_path / "location"


@pytest.fixture
def as_standby(settings):
    """The live test process dressed as the standby (its urls, middleware, sessions,
    router, mail); the database is the salon's snapshot, as in `salonkeep standby`."""
    for name in STANDBY_SETTINGS:
        setattr(settings, name, getattr(standby_settings, name))
    return settings


def publish(salon, location: Path) -> str:
    return publish_if_changed(salon.business, location, timezone.now())


@pytest.fixture
def standby(as_standby, salon, location, tmp_path):
    """A standby serving the salon's freshly published snapshot."""
    publish(salon, location)
    served = Standby(FolderSource(location), tmp_path / "standby-work")
    served.refresh(timezone.now())
    install(served)
    yield served
    install(None)
    served.close()


def snapshot_files(standby: Standby) -> dict[str, str]:
    """The checksums of every snapshot file the standby serves or could serve."""
    location = standby.source.location  # type: ignore[attr-defined]
    files = [*location.rglob(DATA_FILE), *(s.folder / DATA_FILE for s in standby.all())]
    return {str(path): sha256_of(path) for path in files}


def standby_login(username: str, password: str = PASSWORD) -> HttpClient:
    http = HttpClient()
    response = http.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return http
