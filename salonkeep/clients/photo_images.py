"""Checking uploaded client photos and making their thumbnails (Pillow)."""

from __future__ import annotations

import io
import os
import tempfile
import warnings
from pathlib import Path
from typing import IO

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

# Phone cameras write 2–8 MB; 15 MB leaves room for a large photo without letting one
# upload fill the disk.
MAX_PHOTO_BYTES = 15 * 1024 * 1024
THUMBNAIL_EDGE = 480
THUMBNAIL_CONTENT_TYPE = "image/jpeg"

_CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# HEIC (iPhone) only when this Pillow can read it (a plugin such as pillow-heif registers
# "HEIF"); otherwise the phone's browser converts to JPEG when uploading to image/* inputs.
if "HEIF" in Image.OPEN:
    _CONTENT_TYPES["HEIF"] = "image/heic"
ACCEPTED_FORMATS: dict[str, str] = dict(_CONTENT_TYPES)


class InvalidPhoto(ValueError):
    """The upload is not a photo we accept; the message is shown to the person."""


def accepted_names() -> str:
    names = ["JPEG", "PNG", "WebP"] + (["HEIC"] if "HEIF" in ACCEPTED_FORMATS else [])
    return ", ".join(names[:-1]) + " or " + names[-1]


def check_photo(stream: IO[bytes], size: int) -> str:
    """Return the content type of a valid photo, or raise InvalidPhoto.

    The whole image is decoded, not just its header, so a truncated or corrupt file is
    refused here rather than failing later as a broken thumbnail. Decompression bombs
    (tiny files claiming enormous dimensions) are refused too.
    """
    if size > MAX_PHOTO_BYTES:
        raise InvalidPhoto(
            f"That photo is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_PHOTO_BYTES // 1024 // 1024} MB."
        )
    if size == 0:
        raise InvalidPhoto("That file is empty.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(stream) as image:
                image_format = image.format or ""
                if image_format not in ACCEPTED_FORMATS:
                    raise InvalidPhoto(f"Upload a photo in {accepted_names()} format.")
                image.load()
    except InvalidPhoto:
        raise
    except UnidentifiedImageError as error:
        raise InvalidPhoto(
            f"That file is not a photo. Upload a {accepted_names()} image."
        ) from error
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise InvalidPhoto("That image is far too large (in pixels) to be a photo.") from error
    except (OSError, SyntaxError, ValueError) as error:
        raise InvalidPhoto("That photo is damaged or incomplete; please take it again.") from error
    finally:
        stream.seek(0)
    return ACCEPTED_FORMATS[image_format]


def thumbnails_root() -> Path:
    # Thumbnails are derived from the immutable originals, so they are a cache: never
    # backed up, safe to delete, rebuilt on demand.
    return Path(settings.SALONKEEP_HOME) / "cache" / "photo-thumbnails"


def make_thumbnail(original: Path) -> bytes:
    """A small JPEG of the photo, upright (phone photos carry their rotation in EXIF)."""
    with Image.open(original) as image:
        upright = ImageOps.exif_transpose(image)
        upright.thumbnail((THUMBNAIL_EDGE, THUMBNAIL_EDGE))
        if upright.mode not in ("RGB", "L"):
            upright = upright.convert("RGB")
        out = io.BytesIO()
        upright.save(out, format="JPEG", quality=82)
    return out.getvalue()


def cached_thumbnail(sha256: str, original: Path) -> bytes:
    """The thumbnail for a photo, made once and kept in the cache folder.

    A cache that cannot be written (disk full, read-only folder) is not an error: the
    thumbnail is still returned, just made again next time.
    """
    cached = thumbnails_root() / f"{sha256}.jpg"
    try:
        return cached.read_bytes()
    except OSError:
        pass
    data = make_thumbnail(original)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        handle, temp_name = tempfile.mkstemp(dir=cached.parent, prefix=".thumb-")
    except OSError:
        return data
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp_name, cached)
    except OSError:
        Path(temp_name).unlink(missing_ok=True)
    return data
