"""Client photos in an encrypted backup.

An encrypted backup cannot share the location's plain photos folder, so its photos
travel inside it, each one encrypted: ``photo-<sha256>.age``. A passphrase costs about
a second of scrypt per file (on purpose), far too slow for hundreds of photos, so each
backup gets a new random age X25519 key: the photos are encrypted to it, and the key
itself is the only thing encrypted with the passphrase (``photos-key.age``). Opening the
backup therefore still needs nothing but the passphrase, and costs one scrypt.
"""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import pyrage  # type: ignore[import-untyped]

from salonkeep.clients.photo_store import photo_path, store_photo
from salonkeep.continuity.encryption import WRONG_PASSPHRASE, PassphraseError
from salonkeep.continuity.photos import PhotoError, hash_file, live_photo, short

PHOTOS_KEY_FILE = "photos-key.age"
ENCRYPTED_PHOTO = re.compile(r"photo-[0-9a-f]{64}\.age")


def encrypted_photo_name(sha256: str) -> str:
    return f"photo-{sha256}.age"


def _write(target: Path, content: bytes) -> None:
    with target.open("xb") as writer:
        writer.write(content)
        writer.flush()
        os.fsync(writer.fileno())


def encrypt_photos(photos: dict[str, int], work: Path, passphrase: str) -> list[Path]:
    """Write the encrypted photos and their key into ``work``; returns the files, to be
    published with the backup. Raises PhotoError for a missing or damaged photo."""
    if not photos:
        return []
    identity = pyrage.x25519.Identity.generate()
    recipient = identity.to_public()
    written = []
    for sha256, size in sorted(photos.items()):
        source = live_photo(sha256, size)
        try:
            content = source.read_bytes()
        except FileNotFoundError:
            raise PhotoError(
                f"The client photo {short(sha256)} disappeared from the photo store while "
                "the backup was being made, so no backup was made."
            ) from None
        if len(content) != size or hash_file(source) != (sha256, size):
            raise PhotoError(f"The client photo {short(sha256)} in the photo store is damaged.")
        target = work / encrypted_photo_name(sha256)
        _write(target, pyrage.encrypt(content, [recipient]))
        written.append(target)
    key_file = work / PHOTOS_KEY_FILE
    _write(key_file, pyrage.passphrase.encrypt(str(identity).encode("ascii"), passphrase))
    return [key_file, *written]


def restore_encrypted_photos(folder: Path, photos: dict[str, int], passphrase: str) -> int:
    """Decrypt the backup's photos into the live photo store (those already there are
    kept), checking each one's SHA-256; returns how many were added."""
    missing = {
        sha256: size
        for sha256, size in photos.items()
        if not (photo_path(sha256).is_file() and photo_path(sha256).stat().st_size == size)
    }
    if not missing:
        return 0
    try:
        secret = pyrage.passphrase.decrypt((folder / PHOTOS_KEY_FILE).read_bytes(), passphrase)
        identity = pyrage.x25519.Identity.from_str(secret.decode("ascii"))
    except pyrage.DecryptError:
        raise PassphraseError(WRONG_PASSPHRASE) from None
    for sha256, size in sorted(missing.items()):
        sealed = (folder / encrypted_photo_name(sha256)).read_bytes()
        try:
            content = pyrage.decrypt(sealed, [identity])
        except pyrage.DecryptError:
            raise PhotoError(f"The backup's photo {short(sha256)} is damaged.") from None
        stored, stored_size = store_photo(io.BytesIO(content))
        if (stored, stored_size) != (sha256, size):
            raise PhotoError(f"The backup's photo {short(sha256)} is damaged.")
    return len(missing)
