"""Fixtures of the petition tests: the Ordnungsamt with its e-file, addressees, a clerk,
a citizen, and e-mails that go out when a request ends (as after a real commit)."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.staff.tests.conftest import english, sign_in_verified  # noqa: F401
from rathaus.records.tests.factories import RecordFileFactory

from .factories import AddresseeFactory


@pytest.fixture
def order_office():
    return UnitFactory(code="32", name="Ordnungsamt")


@pytest.fixture
def main_office():
    return UnitFactory(code="10", name="Hauptamt")


@pytest.fixture
def petitions_file(order_office):
    return RecordFileFactory(unit=order_office, title="Anregungen und Beschwerden 2026")


@pytest.fixture
def order_addressee(order_office, petitions_file):
    return AddresseeFactory(
        name="Ordnungsamt",
        kind="administration",
        unit=order_office,
        record_file=petitions_file,
    )


@pytest.fixture
def council(main_office):
    """The council: routed to the Hauptamt, without an e-file."""
    return AddresseeFactory(name="Stadtverordnetenversammlung", kind="council", unit=main_office)


@pytest.fixture
def clerk(order_office):
    user = StaffFactory(given_name="Clara", family_name="Klein")
    RoleAssignmentFactory(user=user, role=Role.CLERK, unit=order_office)
    return user


@pytest.fixture
def main_clerk(main_office):
    user = StaffFactory(given_name="Hans", family_name="Haupt")
    RoleAssignmentFactory(user=user, role=Role.CLERK, unit=main_office)
    return user


@pytest.fixture
def clerk_client(clerk):
    client = Client()
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
def citizen_client(citizen):
    client = Client()
    client.force_login(citizen)
    return client


@pytest.fixture
def outbox(monkeypatch, django_capture_on_commit_callbacks):
    """The sent e-mails; each test-client request runs its commit callbacks at its end."""
    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def pdf_upload(name="foto-gehweg.pdf") -> SimpleUploadedFile:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def form_data(addressee, **changes) -> dict:
    data = {
        "addressee": str(addressee.pk),
        "kind": "complaint",
        "subject": "Zugeparkter Gehweg",
        "text": "Der Gehweg in der Darmstädter Straße ist abends zugeparkt.",
        "consent": "on",
    }
    data.update(changes)
    return data
