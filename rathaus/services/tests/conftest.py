"""Fixtures of the online-services tests: a unit with its e-file, a clerk, a citizen."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.staff.tests.conftest import english, outbox, sign_in_verified  # noqa: F401
from rathaus.records.tests.factories import RecordFileFactory

from .factories import parking_permit_service


@pytest.fixture
def order_office():
    """Ordnungsamt (32): handles parking permits."""
    return UnitFactory(code="32", name="Ordnungsamt")


@pytest.fixture
def permits_file(order_office):
    return RecordFileFactory(unit=order_office, title="Bewohnerparkausweise 2026")


@pytest.fixture
def parking(order_office, permits_file):
    return parking_permit_service(unit=order_office, record_file=permits_file)


@pytest.fixture
def clerk(order_office):
    user = StaffFactory(given_name="Clara", family_name="Klein")
    RoleAssignmentFactory(user=user, role=Role.CLERK, unit=order_office)
    return user


@pytest.fixture
def clerk_client(client, clerk):
    sign_in_verified(client, clerk)
    return client


@pytest.fixture
def citizen():
    return UserFactory(
        given_name="Petra",
        family_name="Parker",
        street="Schlossgasse 3",
        postcode="64331",
        city="Weiterstadt",
    )


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


def pdf_upload(name="fahrzeugschein.pdf") -> SimpleUploadedFile:
    """A small valid one-page PDF, as a scanner would send it."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def received(parking, citizen, django_capture_on_commit_callbacks):
    """A parking-permit application that was paid and reached the Ordnungsamt."""
    import uuid

    from rathaus.core.uploads.services import store_upload
    from rathaus.services.services.applications import (
        payment_received,
        start_application,
        submit_application,
    )

    application = start_application(service=parking, applicant=citizen)
    application.answers = {
        "vorname": "Petra",
        "familienname": "Parker",
        "anschrift": {"street": "Schlossgasse 3", "postcode": "64331", "city": "Weiterstadt"},
        "zone": "A",
        "kennzeichen": "DA-PP 42",
        "halter": "selbst",
        "zulassung": str(store_upload(uploaded_file=pdf_upload(), kinds={"pdf"}).pk),
        "laufzeit": "1",
        "wahrheit": True,
    }
    application.save()
    application = submit_application(
        application=application, actor=citizen, idempotency_key=uuid.uuid4()
    )
    with django_capture_on_commit_callbacks(execute=True):
        payment_received(application=application)
    application.refresh_from_db()
    return application
