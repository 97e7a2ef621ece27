"""What the backup commands share: choosing the salon, the location, progress output."""

from __future__ import annotations

import argparse
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from salonkeep.accounts.models import Business
from salonkeep.continuity.backup import BackupError, default_location, make_work_folder
from salonkeep.continuity.bucket import BucketError, Location, is_bucket_address
from salonkeep.continuity.encryption import (
    PassphraseError,
    check_new_passphrase,
    read_passphrase_file,
)
from salonkeep.continuity.export import BackupFileError, unpack_backup_file
from salonkeep.continuity.locations import local_backup_folder, open_location

# Progress lines appear only once a command has run this long: a quick backup prints
# nothing but its result, a long one shows it is still working.
PROGRESS_AFTER_SECONDS = 2.0


def choose_business(slug: str | None) -> Business:
    """The salon named by --business, or the only salon when there is just one."""
    if slug is not None:
        business = Business.objects.filter(slug=slug).first()
        if business is None:
            known = ", ".join(Business.objects.order_by("slug").values_list("slug", flat=True))
            raise CommandError(
                f"There is no salon with the slug {slug!r}"
                + (f" (salons: {known})." if known else ".")
            )
        return business
    businesses = list(Business.objects.order_by("slug")[:21])
    if not businesses:
        raise CommandError("There is no salon in this installation yet.")
    if len(businesses) > 1:
        slugs = ", ".join(business.slug for business in businesses[:20])
        raise CommandError(
            f"This installation has several salons; say which with --business SLUG ({slugs})."
        )
    return businesses[0]


def location_from(option: str | None) -> Location:
    """The location --to names: a folder, or a bucket (s3://BUCKET/PREFIX)."""
    if not option:
        return default_location()
    try:
        location = open_location(option)
    except ValueError as error:
        raise CommandError(f"That is not a backup location: {error}.") from None
    return location.absolute() if isinstance(location, Path) else location


def add_passphrase_argument(parser: CommandParser, help_text: str) -> None:
    parser.add_argument(
        "--passphrase-file",
        metavar="FILE",
        help=help_text + " FILE holds the passphrase (one final line ending is ignored); "
        "- reads it from standard input. Never give a passphrase on the command line, where "
        "other users and the shell history can see it.",
    )


def passphrase_from(option: str | None, *, new: bool = False) -> str | None:
    """The passphrase named by --passphrase-file, or None without one. ``new``: it will
    encrypt a new backup, so it must be long enough."""
    if option is None:
        return None
    try:
        passphrase = read_passphrase_file(option)
        return check_new_passphrase(passphrase) if new else passphrase
    except PassphraseError as error:
        raise CommandError(str(error)) from None


def positive_whole_number(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("must be a whole number such as 25") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1 (the newest backup is always kept)")
    return number


class LongRunProgress:
    """Passes progress messages on (a command's stderr.write), but only once the run
    has taken a while."""

    def __init__(self, write: Callable[[str], object], after_seconds: float | None = None) -> None:
        self.write = write
        self.after_seconds = PROGRESS_AFTER_SECONDS if after_seconds is None else after_seconds
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        if time.monotonic() - self.started >= self.after_seconds:
            self.write(message)


@contextmanager
def backup_folder_for_command(text: str) -> Iterator[Path]:
    """The backup folder ``text`` names; a ``.salonkeep`` file (downloaded from the
    backups page) is unpacked, and a backup in a bucket (s3://BUCKET/PREFIX/SLUG/NAME)
    downloaded, into a private working folder, removed afterwards."""
    if is_bucket_address(text):
        try:
            where = open_location(text)
            with local_backup_folder(where) as folder:
                yield folder
        except ValueError as error:
            raise CommandError(f"That is not a backup in a bucket: {error}.") from None
        except BucketError as error:
            raise CommandError(str(error)) from None
        return
    path = Path(text).expanduser()
    if not path.is_file():
        yield path
        return
    try:
        work = make_work_folder("unpack-")
    except BackupError as error:
        raise CommandError(str(error)) from None
    try:
        try:
            folder = unpack_backup_file(path, work)
        except BackupFileError as error:
            raise CommandError(f"{path}: {error}") from None
        yield folder
    finally:
        shutil.rmtree(work, ignore_errors=True)
