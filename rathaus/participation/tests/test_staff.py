"""Staff who run participation create processes with phases and documents and publish
them; nobody else reaches these pages."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.participation.models import Feature, Phase, Process, ProcessDocument

from .conftest import sign_in_verified
from .factories import PhaseFactory, ProcessFactory

BASE = "/staff/beteiligung/"


def _date_parts(prefix: str, day: datetime.date) -> dict:
    return {f"{prefix}_0": day.day, f"{prefix}_1": day.month, f"{prefix}_2": day.year}


def test_a_manager_creates_a_process(manager_client):
    response = manager_client.post(
        f"{BASE}neu/",
        {
            "title": "Neugestaltung Marktplatz",
            "slug": "marktplatz",
            "summary": "Ihre Ideen für den Marktplatz.",
            "description": "",
            "supports_per_person": "3",
            "proposals_per_person": "0",
            "allow_anonymous": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}marktplatz/"
    process = Process.objects.get(slug="marktplatz")
    assert not process.is_published and process.supports_per_person == 3
    assert AuditEntry.objects.filter(object_id=str(process.pk), action="create").exists()
    page = manager_client.get(response["Location"]).content.decode()
    assert "Neugestaltung Marktplatz" in page and "The process has no phases yet." in page


def test_a_process_with_errors_keeps_what_was_entered(manager_client):
    ProcessFactory(slug="marktplatz")
    response = manager_client.post(
        f"{BASE}neu/", {"title": "Zweiter Versuch", "slug": "marktplatz", "summary": ""}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page and 'value="Zweiter Versuch"' in page
    assert Process.objects.count() == 1


def test_the_short_name_must_be_unique(manager_client):
    ProcessFactory(slug="marktplatz")
    response = manager_client.post(
        f"{BASE}neu/",
        {
            "title": "Doppelt",
            "slug": "marktplatz",
            "summary": "x",
            "supports_per_person": 0,
            "proposals_per_person": 0,
        },
    )
    assert "Another process already uses this short name." in response.content.decode()


def test_editing_a_process_is_audited_with_the_changes(manager_client):
    process = ProcessFactory(slug="marktplatz", title="Alt")
    response = manager_client.post(
        f"{BASE}marktplatz/bearbeiten/",
        {
            "title": "Neu",
            "slug": "marktplatz",
            "summary": process.summary,
            "supports_per_person": 0,
            "proposals_per_person": 0,
        },
    )
    assert response.status_code == 302
    process.refresh_from_db()
    assert process.title == "Neu"
    entry = AuditEntry.objects.filter(object_id=str(process.pk), action="update").get()
    assert entry.changes["title"] == ["Alt", "Neu"]


def test_phases_are_added_edited_and_deleted(manager_client):
    process = ProcessFactory(slug="marktplatz", is_published=False)
    today = timezone.localdate()
    response = manager_client.post(
        f"{BASE}marktplatz/phasen/neu/",
        {
            "kind": Phase.Kind.PROPOSALS,
            "title": "Ideen sammeln",
            **_date_parts("starts_on", today),
            **_date_parts("ends_on", today + datetime.timedelta(days=10)),
            "features": [Feature.PROPOSALS, Feature.SUPPORT],
        },
    )
    assert response.status_code == 302
    phase = process.phases.get()
    assert phase.features == [Feature.PROPOSALS, Feature.SUPPORT]
    response = manager_client.post(
        f"{BASE}marktplatz/phasen/{phase.pk}/",
        {
            "kind": Phase.Kind.PROPOSALS,
            "title": "Ideen sammeln",
            **_date_parts("starts_on", today),
            **_date_parts("ends_on", today + datetime.timedelta(days=20)),
            "features": [Feature.COMMENTS],
        },
    )
    assert response.status_code == 302
    phase.refresh_from_db()
    assert phase.features == [Feature.COMMENTS]
    assert phase.ends_on == today + datetime.timedelta(days=20)
    assert manager_client.post(f"{BASE}marktplatz/phasen/{phase.pk}/loeschen/").status_code == 302
    assert not process.phases.exists()


def test_a_phase_cannot_end_before_it_starts_nor_overlap_another(manager_client):
    process = ProcessFactory(slug="marktplatz")
    today = timezone.localdate()
    PhaseFactory(process=process, starts_on=today, ends_on=today + datetime.timedelta(days=5))
    backwards = manager_client.post(
        f"{BASE}marktplatz/phasen/neu/",
        {
            "kind": "voting",
            **_date_parts("starts_on", today + datetime.timedelta(days=30)),
            **_date_parts("ends_on", today + datetime.timedelta(days=20)),
        },
    )
    assert "A phase cannot end before it starts." in backwards.content.decode()
    overlapping = manager_client.post(
        f"{BASE}marktplatz/phasen/neu/",
        {
            "kind": "voting",
            **_date_parts("starts_on", today + datetime.timedelta(days=3)),
            **_date_parts("ends_on", today + datetime.timedelta(days=9)),
        },
    )
    page = overlapping.content.decode()
    assert "The dates overlap with the phase" in page
    assert 'name="starts_on_0" value="' in page
    assert process.phases.count() == 1


def test_documents_are_uploaded_public_and_deleted(manager_client):
    client = Client()
    process = ProcessFactory(slug="marktplatz")
    PhaseFactory(process=process)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    response = manager_client.post(
        f"{BASE}marktplatz/dokumente/neu/",
        {"title": "Lageplan", "file": pdf, "position": 0},
    )
    assert response.status_code == 302
    document = ProcessDocument.objects.get()
    assert document.file.is_public
    public = client.get("/beteiligung/marktplatz/").content.decode()
    assert "Lageplan" in public and f"/dateien/oeffentlich/{document.file.pk}/" in public
    manager_client.post(f"{BASE}marktplatz/dokumente/{document.pk}/loeschen/")
    assert not ProcessDocument.objects.exists()


def test_a_document_that_is_not_allowed_is_refused(manager_client):
    ProcessFactory(slug="marktplatz")
    response = manager_client.post(
        f"{BASE}marktplatz/dokumente/neu/",
        {"title": "Skript", "file": SimpleUploadedFile("x.exe", b"MZ\x90\x00"), "position": 0},
    )
    assert response.status_code == 200
    assert 'value="Skript"' in response.content.decode()
    assert not ProcessDocument.objects.exists()


def test_publishing_needs_a_phase_and_makes_the_page_public(manager_client):
    client = Client()
    process = ProcessFactory(slug="marktplatz", is_published=False, title="Marktplatz neu")
    manager_client.post(f"{BASE}marktplatz/veroeffentlichen/", {"publish": "1"})
    process.refresh_from_db()
    assert not process.is_published
    assert client.get("/beteiligung/marktplatz/").status_code == 404
    PhaseFactory(process=process)
    manager_client.post(f"{BASE}marktplatz/veroeffentlichen/", {"publish": "1"})
    process.refresh_from_db()
    assert process.is_published
    assert "Marktplatz neu" in client.get("/beteiligung/marktplatz/").content.decode()
    manager_client.post(f"{BASE}marktplatz/veroeffentlichen/", {"publish": "0"})
    assert client.get("/beteiligung/marktplatz/").status_code == 404


def test_the_staff_start_page_has_the_tile_for_managers_only(manager_client, client):
    assert "/staff/beteiligung/" in manager_client.get("/staff/").content.decode()
    clerk = StaffFactory()
    RoleAssignmentFactory(user=clerk, role=Role.CLERK, unit=UnitFactory())
    other = Client()
    sign_in_verified(other, clerk)
    assert "/staff/beteiligung/" not in other.get("/staff/").content.decode()


@pytest.mark.parametrize("role", [Role.CLERK, Role.MODERATOR])
def test_other_staff_get_404(client, role):
    ProcessFactory(slug="marktplatz")
    user = StaffFactory()
    RoleAssignmentFactory(user=user, role=role, unit=UnitFactory() if role == Role.CLERK else None)
    sign_in_verified(client, user)
    for path in ("", "neu/", "marktplatz/", "marktplatz/bearbeiten/", "marktplatz/vorschlaege/"):
        assert client.get(f"{BASE}{path}").status_code == 404, path


def test_administrators_may_run_processes(client):
    admin = StaffFactory()
    RoleAssignmentFactory(user=admin, role=Role.ADMINISTRATOR, unit=None)
    sign_in_verified(client, admin)
    assert client.get(BASE).status_code == 200


def test_staff_without_second_factor_are_sent_to_verify(client, manager):
    client.force_login(manager)
    response = client.get(BASE)
    assert response.status_code == 302 and "/zwei-faktor/" in response["Location"]


def test_citizens_get_404(citizen_client):
    assert citizen_client.get(BASE).status_code == 404
