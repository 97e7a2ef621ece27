"""Checking uploaded client photos and making their thumbnails (Pillow)."""

from __future__ import annotations

import io
import os
import tempfile
import warnings
from pathlib import Path
from typing import IO

from django.conf import settings
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError

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


def without_location(data: bytes) -> bytes:
    """The photo without where it was taken: a phone's JPEG carries the GPS position in
    its Exif block, which says where the client was (often their home). Only that part
    of the Exif block is removed, byte for byte, so the picture itself is not re-encoded
    (a colour reference photo keeps every pixel) and its orientation and camera details
    stay. Other formats, and photos without a position, are returned unchanged."""
    if not data.startswith(b"\xff\xd8"):
        return data
    with Image.open(io.BytesIO(data)) as image:
        exif = image.getexif()
    if ExifTags.IFD.GPSInfo not in exif:
        return data
    del exif[ExifTags.IFD.GPSInfo]
    return _with_exif_block(data, exif.tobytes())


def _with_exif_block(jpeg: bytes, block: bytes) -> bytes:
    """``jpeg`` with its Exif segment (APP1 starting with ``Exif\0\0``) replaced by
    ``block``; the segments before the image data are walked one by one."""
    position = 2
    while position + 4 <= len(jpeg) and jpeg[position] == 0xFF:
        marker = jpeg[position + 1]
        if marker == 0xDA:  # start of the image data: no more segments
            break
        length = int.from_bytes(jpeg[position + 2 : position + 4], "big")
        end = position + 2 + length
        if marker == 0xE1 and jpeg[position + 4 : position + 10] == b"Exif\x00\x00":
            if len(block) + 2 > 0xFFFF:
                raise InvalidPhoto(
                    "That photo's camera data is too large to clean; please resave it."
                )
            segment = b"\xff\xe1" + (len(block) + 2).to_bytes(2, "big") + block
            return jpeg[:position] + segment + jpeg[end:]
        position = end
    return jpeg


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
