"""Passphrase encryption of a backup's database, for copies that leave the building.

The database is encrypted in the age format (https://age-encryption.org/v1) with an
scrypt passphrase recipient, through pyrage (bindings to rage, the Rust age
implementation). age was chosen over a format of our own because it is specified,
reviewed, authenticated (a changed byte fails decryption rather than decrypting to
something else), and readable without Salonkeep: ``age -d data.sqlite3.age``.

The passphrase is only ever held in memory: it is never written to the backup, its
manifest, the settings or any log, and the decrypted database exists only in a private
working folder inside the data folder that is removed afterwards.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

import pyrage  # type: ignore[import-untyped]
from django.conf import settings

from salonkeep.continuity.manifest import DATA_FILE, ENCRYPTED_DATA_FILES

ENCRYPTION_SCHEME = "age-scrypt"
ENCRYPTED_DATA_FILE = ENCRYPTED_DATA_FILES[ENCRYPTION_SCHEME]
MINIMUM_LENGTH = 8
WRONG_PASSPHRASE = "wrong passphrase"


class PassphraseError(Exception):
    """The passphrase is unusable, unreadable, or does not open the backup."""


def check_new_passphrase(passphrase: str) -> str:
    """A passphrase good enough to encrypt a new backup with."""
    if not passphrase:
        raise PassphraseError("The passphrase is empty.")
    if len(passphrase) < MINIMUM_LENGTH:
        raise PassphraseError(
            f"The passphrase is too short: use at least {MINIMUM_LENGTH} characters "
            "(a few unrelated words are best)."
        )
    return passphrase


def read_passphrase_file(option: str, stdin: TextIO | None = None) -> str:
    """The passphrase in file ``option`` (``-``: standard input). One final line ending
    is dropped, so ``echo "words" > file`` works; nothing else is trimmed."""
    try:
        if option == "-":
            text = (stdin or sys.stdin).read()
        else:
            text = Path(option).expanduser().read_text(encoding="utf-8")
    except OSError as error:
        raise PassphraseError(
            f"Cannot read the passphrase file {option}: {error.strerror or error}"
        ) from None
    except UnicodeDecodeError:
        raise PassphraseError(f"The passphrase file {option} is not UTF-8 text.") from None
    for ending in ("\r\n", "\n"):
        if text.endswith(ending):
            text = text[: -len(ending)]
            break
    if not text:
        raise PassphraseError(f"The passphrase file {option} is empty.")
    return text


def encrypt_file(source: Path, target: Path, passphrase: str) -> None:
    """Encrypt ``source`` into the new file ``target`` (fsynced). The whole database is
    held in memory while it is encrypted: pyrage's passphrase mode works on bytes."""
    sealed = pyrage.passphrase.encrypt(source.read_bytes(), passphrase)
    with target.open("xb") as writer:
        writer.write(sealed)
        writer.flush()
        os.fsync(writer.fileno())


def decrypt_file(source: Path, target: Path, passphrase: str) -> None:
    """Decrypt ``source`` into the new file ``target``; PassphraseError if the
    passphrase does not open it (age authenticates, so a damaged file fails too)."""
    try:
        plain = pyrage.passphrase.decrypt(source.read_bytes(), passphrase)
    except pyrage.DecryptError:
        raise PassphraseError(WRONG_PASSPHRASE) from None
    with target.open("xb") as writer:
        writer.write(plain)


@contextmanager
def decrypted_copy(source: Path, passphrase: str) -> Iterator[Path]:
    """The decrypted database in a private working folder (mode 0700) inside the data
    folder, removed on leaving, whatever happens."""
    parent = Path(settings.SALONKEEP_HOME) / "tmp"
    parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="decrypt-", dir=parent))
    try:
        target = work / DATA_FILE
        decrypt_file(source, target, passphrase)
        yield target
    finally:
        shutil.rmtree(work, ignore_errors=True)
