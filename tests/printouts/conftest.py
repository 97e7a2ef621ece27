# A real S3-compatible server on loopback, for packs written into a bucket location.
from tests.continuity.s3server import bucket, s3_server  # noqa: F401
