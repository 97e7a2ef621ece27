import pytest


@pytest.fixture
def location(tmp_path):
    return tmp_path / "backups"


# A real S3-compatible server on loopback for the bucket tests (see s3server.py).
from tests.continuity.s3server import bucket, private_s3_server, s3_server  # noqa: E402, F401
