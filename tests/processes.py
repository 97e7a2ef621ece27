"""Salonkeep processes and ports for the tests and the benchmarks: a free loopback port,
and `salonkeep standby` started as a separate process (as on another machine)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_standby(
    location: Path,
    home: Path,
    port: int,
    *extra: str,
    wait_seconds: float = 30,
    output: int = subprocess.PIPE,
) -> subprocess.Popen[str]:
    """Start `salonkeep standby --from LOCATION` with a data folder of its own and no
    database setting at all, and wait until it answers. A long run should pass
    `output=subprocess.DEVNULL`: nobody reads the pipe, which would fill and stall it."""
    environment = {**os.environ, "SALONKEEP_HOME": str(home)}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    environment.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "salonkeep", "standby", "--from", str(location)]
    process = subprocess.Popen(
        [*command, "--port", str(port), *extra],
        cwd=REPO,
        env=environment,
        stdout=output,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + wait_seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2)
            return process
        except OSError:
            if process.poll() is not None:
                output = process.stdout.read() if process.stdout else ""
                raise RuntimeError(f"the standby stopped: {output}") from None
            time.sleep(0.3)
    process.kill()
    raise RuntimeError(f"the standby did not answer within {wait_seconds:.0f} s")
