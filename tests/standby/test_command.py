"""`salonkeep standby`: refusing what it cannot serve, before serving anything."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command


def test_it_needs_the_standby_settings():
    with pytest.raises(CommandError, match="salonkeep standby"):
        call_command("standby", "--from", "/tmp")


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--from", "/nonexistent/share"], "is not a folder"),
        (["--from", "s3://x"], "is not a bucket name"),
        (["--from", "/tmp", "--port", "99999"], "--port"),
        (["--from", "/tmp", "--check-seconds", "0"], "--check-seconds"),
    ],
)
def test_it_refuses_unusable_options(settings, arguments, message):
    settings.SALONKEEP_STANDBY = True
    with pytest.raises(CommandError, match=message):
        call_command("standby", *arguments)


def test_it_explains_itself(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "salonkeep", "--home", str(tmp_path), "standby", "--help"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "read-only backup book" in result.stdout
    assert "--from LOCATION" in result.stdout
