"""The certificate PDF: an accessible, tagged document with a text layer, served to the
person, their unit lead and the training admins only."""

import datetime
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.audit.models import AuditEntry

from ..certificates import certificate_html, render_certificate_pdf
from .conftest import sign_in_verified
from .factories import CertificateFactory, CourseFactory


@pytest.fixture
def certificate(clerk):
    course = CourseFactory(title="Informationssicherheit und Datenschutz", validity_months=12)
    return CertificateFactory(
        person=clerk,
        course=course,
        number="SCH-2026-0A1B2C3D",
        issued_on=datetime.date(2026, 3, 2),
        valid_until=datetime.date(2027, 3, 2),
    )


def pdf_reader(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def test_the_pdf_has_a_text_layer_with_name_course_town_and_number(certificate):
    reader = pdf_reader(render_certificate_pdf(certificate))
    content = " ".join(page.extract_text() for page in reader.pages)
    assert "Clara Klein" in content
    assert "Informationssicherheit und Datenschutz" in content
    assert "Stadt Weiterstadt" in content
    assert "SCH-2026-0A1B2C3D" in content


def test_the_pdf_is_tagged_with_language_and_title(certificate, clerk):
    clerk.preferred_language = "en"
    clerk.save()
    reader = pdf_reader(render_certificate_pdf(certificate))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "en"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert "Informationssicherheit und Datenschutz" in reader.metadata.title


def test_the_certificate_speaks_the_persons_language(certificate, clerk):
    clerk.preferred_language = "de"
    clerk.save()
    assert '<html lang="de">' in certificate_html(certificate)


def test_the_person_downloads_their_certificate(client, clerk, certificate):
    sign_in_verified(client, clerk)
    response = client.get(reverse("training:certificate", args=[certificate.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "SCH-2026-0A1B2C3D.pdf" in response["Content-Disposition"]
    assert "Clara Klein" in pdf_reader(response.content).pages[0].extract_text()


def test_their_unit_lead_and_the_training_admins_may_open_it(
    client, unit_lead, training_admin, certificate
):
    url = reverse("training:certificate", args=[certificate.pk])
    for viewer in (unit_lead, training_admin):
        client.logout()
        sign_in_verified(client, viewer)
        assert client.get(url).status_code == 200
    assert (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.VIEW, object_id=str(certificate.pk)
        ).count()
        == 2
    )


def test_another_clerk_and_another_units_lead_get_404(client, certificate):
    colleague = StaffFactory()
    RoleAssignmentFactory(
        user=colleague, role=Role.CLERK, unit=certificate.person.role_assignments.first().unit
    )
    other_lead = StaffFactory()
    RoleAssignmentFactory(user=other_lead, role=Role.UNIT_LEAD, unit=UnitFactory(code="20"))
    url = reverse("training:certificate", args=[certificate.pk])
    for viewer in (colleague, other_lead):
        client.logout()
        sign_in_verified(client, viewer)
        assert client.get(url).status_code == 404
    assert (
        AuditEntry.objects.filter(
            action=AuditEntry.Action.PERMISSION_DENIED, object_id=str(certificate.pk)
        ).count()
        == 2
    )


def test_my_certificates_lists_only_my_own(client, clerk, certificate):
    foreign = CertificateFactory(course_title="Fremder Kurs")
    sign_in_verified(client, clerk)
    page = client.get(reverse("training:certificates")).content.decode()
    assert "Informationssicherheit und Datenschutz" in page
    assert reverse("training:certificate", args=[certificate.pk]) in page
    assert "Fremder Kurs" not in page
    assert reverse("training:certificate", args=[foreign.pk]) not in page


def test_the_page_footer_prints_the_number_as_written(certificate):
    reader = pdf_reader(render_certificate_pdf(certificate))
    footer = reader.pages[0].extract_text()
    assert "Certificate number SCH-2026-0A1B2C3D" in footer or (
        "Zertifikatsnummer SCH-2026-0A1B2C3D" in footer
    )
    assert "u002D" not in footer
