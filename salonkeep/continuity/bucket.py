"""Talking to an S3-compatible bucket used as a backup location (``s3://BUCKET/PREFIX``).

The server's address and credentials are settings of this computer (``s3_endpoint_url``,
``s3_region``, ``s3_access_key``, ``s3_secret_key`` in salonkeep.toml or the
environment): never part of the business database or of a backup. Every failure is
turned into a BucketError whose message says what to fix, and the client gives up
quickly (short connect timeout, few retries) so that a server that is down gives a
message within seconds instead of a page that hangs for minutes.
"""

from __future__ import annotations

import base64
import hashlib
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from django.conf import settings

from salonkeep.continuity.work_folders import mark_in_use

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client

SCHEME = "s3://"
CONNECT_TIMEOUT_SECONDS = 3
READ_TIMEOUT_SECONDS = 30
ATTEMPTS = 2  # the first try and one retry
BLOCK = 1024 * 1024
_BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")
_PREFIX_PART = re.compile(r"[A-Za-z0-9_.@+=-]+")
_REFUSED_CREDENTIALS = {
    "InvalidAccessKeyId",
    "SignatureDoesNotMatch",
    "AccessDenied",
    "InvalidToken",
    "403",
}
_NO_BUCKET = {"NoSuchBucket", "404"}


class BucketError(Exception):
    """The bucket could not be used; the message says why and what to check."""


@dataclass(frozen=True)
class BucketLocation:
    """A place in a bucket: the bucket and a prefix of folder-like parts ("" for the top)."""

    bucket: str
    prefix: str = ""

    def __str__(self) -> str:
        return f"{SCHEME}{self.bucket}/{self.prefix}" if self.prefix else f"{SCHEME}{self.bucket}"

    @property
    def name(self) -> str:
        """The last part, like a folder's name."""
        return self.prefix.rsplit("/", 1)[-1] if self.prefix else self.bucket

    def child(self, *parts: str) -> BucketLocation:
        return BucketLocation(self.bucket, self.key(*parts))

    def key(self, *parts: str) -> str:
        """The object key of ``parts`` below this place."""
        return "/".join(part for part in (self.prefix, *parts) if part)

    def folder_key(self) -> str:
        """The prefix every key below this place starts with."""
        return f"{self.prefix}/" if self.prefix else ""


# A backup location: a folder on this computer, or a place in a bucket.
Location = Path | BucketLocation


def is_bucket_address(text: str) -> bool:
    return text.strip().lower().startswith(SCHEME)


def parse_bucket_address(text: str) -> BucketLocation:
    """``s3://bucket`` or ``s3://bucket/some/prefix``; ValueError says what is wrong."""
    value = text.strip()
    if not value.lower().startswith(SCHEME):
        raise ValueError(f"{value!r} does not start with {SCHEME}")
    bucket, _, rest = value[len(SCHEME) :].partition("/")
    if not _BUCKET_NAME.fullmatch(bucket) or ".." in bucket:
        raise ValueError(
            f"{bucket!r} is not a bucket name: 3 to 63 lower-case letters, digits, dots and "
            "dashes (such as s3://salon-backups/rose-thorn)"
        )
    parts = [part for part in rest.split("/") if part]
    for part in parts:
        if part in (".", "..") or not _PREFIX_PART.fullmatch(part):
            raise ValueError(
                f"{part!r} in {value} cannot be part of a backup location: use letters, "
                "digits and - _ . only"
            )
    return BucketLocation(bucket, "/".join(parts))


def _endpoint() -> str:
    return str(settings.SALONKEEP_S3_ENDPOINT_URL) or "Amazon S3"


def make_client() -> S3Client:
    access_key = str(settings.SALONKEEP_S3_ACCESS_KEY)
    secret_key = str(settings.SALONKEEP_S3_SECRET_KEY)
    if not access_key or not secret_key:
        raise BucketError(
            "No credentials for the backup bucket: set s3_access_key and s3_secret_key in "
            "salonkeep.toml (or SALONKEEP_S3_ACCESS_KEY / SALONKEEP_S3_SECRET_KEY)."
        )
    endpoint = str(settings.SALONKEEP_S3_ENDPOINT_URL) or None
    config = Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        retries={"max_attempts": ATTEMPTS, "mode": "standard"},
        # Self-hosted servers (SeaweedFS, MinIO, a NAS) rarely have per-bucket host names.
        s3={"addressing_style": "path" if endpoint else "auto"},
    )
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=str(settings.SALONKEEP_S3_REGION) or "us-east-1",
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=config,
    )


def describe(error: Exception, where: BucketLocation) -> str:
    """What went wrong, in the words an administrator needs."""
    if isinstance(error, ClientError):
        details = error.response.get("Error", {})
        code = str(details.get("Code", ""))
        if code in _NO_BUCKET and error.operation_name in ("HeadBucket", "ListObjectsV2"):
            return (
                f"There is no bucket {where.bucket!r} at {_endpoint()}. Create it first, "
                "or check the backup location."
            )
        if code == "NoSuchBucket":
            return f"The bucket {where.bucket!r} at {_endpoint()} has gone."
        if code in _REFUSED_CREDENTIALS:
            return (
                f"The bucket server at {_endpoint()} refused the credentials ({code}): check "
                f"s3_access_key and s3_secret_key, and that they may use {where.bucket!r}."
            )
        message = details.get("Message", "") or code
        return f"The bucket server at {_endpoint()} refused: {message} ({code})."
    unreachable = (
        EndpointConnectionError,
        ConnectTimeoutError,
        ConnectionClosedError,
        ReadTimeoutError,
    )
    if isinstance(error, unreachable):
        return (
            f"The bucket server at {_endpoint()} cannot be reached (is it running, and is "
            "s3_endpoint_url right?)."
        )
    return f"Using the bucket {where} failed: {error}"


@contextmanager
def bucket_errors(where: BucketLocation) -> Iterator[None]:
    """Turn anything boto3 raises into a BucketError with a clear message."""
    try:
        yield
    except (ClientError, BotoCoreError) as error:
        raise BucketError(describe(error, where)) from error


def check_bucket(client: S3Client, where: BucketLocation) -> None:
    with bucket_errors(where):
        client.head_bucket(Bucket=where.bucket)


def list_objects(client: S3Client, where: BucketLocation) -> dict[str, tuple[int, float]]:
    """Every object below ``where``: key -> (size, last-modified as a Unix time)."""
    found: dict[str, tuple[int, float]] = {}
    with bucket_errors(where):
        pages = client.get_paginator("list_objects_v2").paginate(
            Bucket=where.bucket, Prefix=where.folder_key()
        )
        for page in pages:
            for item in page.get("Contents", []):
                found[item["Key"]] = (item["Size"], item["LastModified"].timestamp())
    return found


def _md5_of(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as reader:
        while block := reader.read(BLOCK):
            digest.update(block)
    return base64.b64encode(digest.digest()).decode("ascii")


def upload(client: S3Client, where: BucketLocation, key: str, source: Path) -> None:
    """Upload one file. Content-MD5 makes the server refuse a body changed on the way;
    the size is then read back from the server."""
    size = source.stat().st_size
    with bucket_errors(where):
        with source.open("rb") as body:
            client.put_object(
                Bucket=where.bucket,
                Key=key,
                Body=body,
                ContentLength=size,
                ContentMD5=_md5_of(source),
            )
        stored = client.head_object(Bucket=where.bucket, Key=key)["ContentLength"]
    if stored != size:
        raise BucketError(
            f"{key} in {where.bucket} holds {stored:,} bytes after uploading {size:,}."
        )


def download(client: S3Client, where: BucketLocation, key: str, target: Path) -> None:
    with bucket_errors(where):
        body = client.get_object(Bucket=where.bucket, Key=key)["Body"]
        with target.open("xb") as writer:
            for block in body.iter_chunks(BLOCK):
                writer.write(block)


def read_text(client: S3Client, where: BucketLocation, key: str, limit: int) -> str:
    """A small object's text (a manifest); more than ``limit`` bytes is refused."""
    with bucket_errors(where):
        body = client.get_object(Bucket=where.bucket, Key=key)["Body"].read(limit + 1)
    if len(body) > limit:
        raise BucketError(f"{key} in {where.bucket} is far too large for a backup's {key}.")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise BucketError(f"{key} in {where.bucket} is not text (damaged).") from None


def delete_objects(client: S3Client, where: BucketLocation, keys: list[str]) -> None:
    with bucket_errors(where):
        for start in range(0, len(keys), 1000):
            batch = keys[start : start + 1000]
            answer = client.delete_objects(
                Bucket=where.bucket,
                Delete={"Objects": [{"Key": key} for key in batch], "Quiet": True},
            )
            refused = answer.get("Errors", [])
            if refused:
                first = refused[0]
                raise BucketError(
                    f"The bucket server did not delete {len(refused)} object(s) "
                    f"(first: {first.get('Key')}: {first.get('Message') or first.get('Code')})."
                )


def work_folder(prefix: str) -> Path:
    """A private folder in the data folder's ``tmp`` for what is read from a bucket."""
    parent = Path(settings.SALONKEEP_HOME) / "tmp"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        mark_in_use(folder)  # no cleanup of stale work folders takes it while in use
        return folder
    except OSError as error:
        raise BucketError(
            f"Cannot create a working folder in {parent}: {error.strerror or error}"
        ) from None
