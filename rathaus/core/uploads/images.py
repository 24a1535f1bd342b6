"""Photos people upload for publication (defect reports, proposals).

``read_photo`` checks that an upload is a real JPEG, PNG or WebP image of a sane size,
decodes it fully (a file that only looks like an image, or hides a payload after valid
headers, does not survive), reads the GPS position from its EXIF data to offer it as
the location, and re-encodes the pixels alone: EXIF, XMP, comments and any appended
bytes are gone. ``store_photo`` then stores that clean copy through the upload service.
"""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .exceptions import UploadError
from .services import store_upload

PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PUBLISHED_EDGE = 2048
FORMATS = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp"}
GPS_IFD = 0x8825


class NotAPhoto(UploadError):
    message = _("Please choose a photo (JPEG, PNG or WebP).")


class PhotoTooLarge(UploadError):
    message = _("The photo is too large: at most 10 MB and 40 megapixels.")


@dataclass(frozen=True)
class Photo:
    content: bytes
    kind: str  # "jpeg", "png" or "webp"
    width: int
    height: int
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def _rational(value) -> float:
    try:
        return float(value)
    except (TypeError, ValueError, ZeroDivisionError):
        numerator, denominator = value
        return numerator / denominator


def _degrees(parts, reference) -> Decimal | None:
    try:
        degrees, minutes, seconds = (_rational(part) for part in parts)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    value = degrees + minutes / 60 + seconds / 3600
    if str(reference).upper() in ("S", "W"):
        value = -value
    return Decimal(f"{value:.6f}")


def _gps_position(image: Image.Image) -> tuple[Decimal | None, Decimal | None]:
    try:
        gps = image.getexif().get_ifd(GPS_IFD)
    except Exception:  # noqa: BLE001  (broken EXIF must not refuse the photo)
        return None, None
    # 1/2: latitude reference and value, 3/4: longitude reference and value.
    if not all(key in gps for key in (1, 2, 3, 4)):
        return None, None
    latitude, longitude = _degrees(gps[2], gps[1]), _degrees(gps[4], gps[3])
    if latitude is None or longitude is None or not (-90 <= latitude <= 90):
        return None, None
    if not (-180 <= longitude <= 180) or (latitude == 0 and longitude == 0):
        return None, None
    return latitude, longitude


def read_photo(uploaded_file, *, max_bytes: int = PHOTO_MAX_BYTES) -> Photo:
    """Check, decode and clean one uploaded photo; raises ``NotAPhoto`` or
    ``PhotoTooLarge`` (translated messages) for anything else."""
    size = getattr(uploaded_file, "size", None)
    if size is not None and size > max_bytes:
        raise PhotoTooLarge
    data = b"".join(uploaded_file.chunks()) if hasattr(uploaded_file, "chunks") else b""
    if len(data) > max_bytes:
        raise PhotoTooLarge
    if not data:
        raise NotAPhoto
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = FORMATS.get(probe.format or "")
            if kind is None:
                raise NotAPhoto
            if probe.width * probe.height > PHOTO_MAX_PIXELS:
                raise PhotoTooLarge
            latitude, longitude = _gps_position(probe)
            probe.load()
            image = ImageOps.exif_transpose(probe)
            image.thumbnail((PUBLISHED_EDGE, PUBLISHED_EDGE))
            clean = _pixels_only(image, kind)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise NotAPhoto from None
    return Photo(
        content=clean,
        kind=kind,
        width=image.width,
        height=image.height,
        latitude=latitude,
        longitude=longitude,
    )


def _pixels_only(image: Image.Image, kind: str) -> bytes:
    """Re-encode the pixels, with no metadata of the original."""
    if kind == "jpeg" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    if kind in ("png", "webp") and image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    fresh = Image.new(image.mode, image.size)
    if image.mode == "P":
        fresh.putpalette(image.getpalette())
    fresh.paste(image)
    output = io.BytesIO()
    options = {"quality": 85} if kind in ("jpeg", "webp") else {"optimize": True}
    fresh.save(output, format=kind.upper(), **options)
    return output.getvalue()


def store_photo(photo: Photo, *, name: str = "foto", uploaded_by=None, is_public=True):
    """Store the cleaned photo (a ``StoredFile``) in the active town."""
    extension = {"jpeg": "jpg"}.get(photo.kind, photo.kind)
    upload = SimpleUploadedFile(f"{name}.{extension}", photo.content)
    return store_upload(
        uploaded_file=upload, kinds={photo.kind}, uploaded_by=uploaded_by, is_public=is_public
    )
