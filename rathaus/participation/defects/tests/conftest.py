"""Fixtures of the defect reporter's tests: Weiterstadt's boundary and streets, a
category of the Tiefbau unit with its clerk, a citizen with a confirmed address."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.staff.tests.conftest import english, outbox, sign_in_verified  # noqa: F401

from .factories import CategoryFactory, SettingsFactory, StreetFactory


@pytest.fixture
def defect_settings():
    return SettingsFactory()


@pytest.fixture
def roads_unit():
    return UnitFactory(code="60.2", name="Tiefbau und Verkehr")


@pytest.fixture
def order_unit():
    return UnitFactory(code="32", name="Ordnungsamt")


@pytest.fixture
def potholes(roads_unit):
    return CategoryFactory(code="schlagloecher", name="Potholes", unit=roads_unit)


@pytest.fixture
def dumping(order_unit):
    return CategoryFactory(code="muell", name="Illegal dumping", unit=order_unit)


@pytest.fixture
def streets():
    return {
        "Darmstädter Straße": StreetFactory(
            name="Darmstädter Straße", latitude="49.900800", longitude="8.593600"
        ),
        "Bahnhofstraße": StreetFactory(
            name="Bahnhofstraße", latitude="49.904300", longitude="8.580400"
        ),
    }


@pytest.fixture
def clerk(roads_unit):
    user = StaffFactory(given_name="Lena", family_name="Hoffmann")
    RoleAssignmentFactory(user=user, role=Role.CLERK, unit=roads_unit)
    return user


@pytest.fixture
def clerk_client(client, clerk):
    sign_in_verified(client, clerk)
    return client


@pytest.fixture
def administrator():
    user = StaffFactory(given_name="Ada", family_name="Admin")
    RoleAssignmentFactory(user=user, role=Role.ADMINISTRATOR, unit=None)
    return user


@pytest.fixture
def admin_client(client, administrator):
    sign_in_verified(client, administrator)
    return client


@pytest.fixture
def citizen():
    return UserFactory(
        given_name="Erika",
        family_name="Mustermann",
        email="erika@example.org",
        email_confirmed_at=timezone.now(),
    )


def jpeg(gps=None, size=(64, 48), extra=b"") -> bytes:
    """A JPEG with the camera's make and, if given, a GPS position ((d, m, s), (d, m, s))."""
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "Kamera AG"
    if gps:
        exif[0x8825] = {1: "N", 2: gps[0], 3: "E", 4: gps[1]}
    output = io.BytesIO()
    image.save(output, format="JPEG", exif=exif.tobytes())
    return output.getvalue() + extra


def photo_upload(data: bytes, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# 49° 54' 21.6" N, 8° 34' 55.2" E: inside Weiterstadt (49.906, 8.582).
GPS_INSIDE = ((49, 54, 21.6), (8, 34, 55.2))
