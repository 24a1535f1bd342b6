"""Photos for publication: only real images, position offered from EXIF, nothing else kept."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rathaus.core.uploads.images import NotAPhoto, PhotoTooLarge, read_photo, store_photo
from rathaus.core.uploads.services import open_stored


def jpeg_with_gps(latitude=(49, 54, 36.0), longitude=(8, 35, 24.0), extra=b"") -> bytes:
    image = Image.new("RGB", (64, 48), (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "Kamera AG"  # Make
    exif[0x8825] = {1: "N", 2: latitude, 3: "E", 4: longitude}
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue() + extra


def upload(data: bytes, name="foto.jpg"):
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def test_the_gps_position_is_offered_and_all_metadata_is_gone():
    photo = read_photo(upload(jpeg_with_gps(extra=b"<script>alert(1)</script>")))
    assert (float(photo.latitude), float(photo.longitude)) == pytest.approx((49.91, 8.59))
    assert b"Kamera AG" not in photo.content and b"<script>" not in photo.content
    with Image.open(io.BytesIO(photo.content)) as clean:
        assert clean.format == "JPEG" and clean.size == (64, 48)
        assert not clean.getexif()


def test_a_photo_without_exif_has_no_position():
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, format="PNG")
    photo = read_photo(upload(output.getvalue(), "bild.png"))
    assert photo.kind == "png" and photo.latitude is None


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7 not an image",
        b"\xff\xd8\xff\xe0" + b"\x00" * 100,  # a JPEG header and nothing behind it
        b"GIF89a" + b"\x00" * 50,
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    ],
)
def test_anything_but_a_decodable_photo_is_refused(data):
    with pytest.raises(NotAPhoto):
        read_photo(upload(data))


def test_an_oversized_file_is_refused_before_decoding():
    with pytest.raises(PhotoTooLarge):
        read_photo(upload(jpeg_with_gps()), max_bytes=100)


def test_the_stored_copy_is_the_clean_one(town):
    photo = read_photo(upload(jpeg_with_gps()))
    stored = store_photo(photo)
    assert stored.is_public and stored.content_type == "image/jpeg"
    with open_stored(stored) as handle:
        assert handle.read() == photo.content
