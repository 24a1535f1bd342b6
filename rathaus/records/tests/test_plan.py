"""The file plan: the tree, editing by archivists, retiring, deleting, settings."""

import pytest
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.staff.tests.conftest import sign_in_verified
from rathaus.records.models import FilePlanEntry, RecordsSettings
from rathaus.records.services import plan as plan_services

from .conftest import staff_with
from .factories import FilePlanEntryFactory, RecordFileFactory


@pytest.fixture
def archivist_client(client, archivist):
    sign_in_verified(client, archivist)
    return client


def test_tree_shows_positions_to_clerks_without_edit_actions(clerk_client):
    top = FilePlanEntryFactory(code="0", title="Allgemeine Verwaltung", retention_years=None)
    FilePlanEntryFactory(code="02", title="Organisation", parent=top, disposal="A")
    old = FilePlanEntryFactory(code="09", title="Altes", parent=top, retention_years=5)
    FilePlanEntry.objects.filter(pk=old.pk).update(retired_at="2026-01-01T00:00:00Z")

    response = clerk_client.get(reverse("records:plan"))

    assert response.status_code == 200
    text = response.content.decode()
    assert "Allgemeine Verwaltung" in text and "Organisation" in text
    assert "unlimited" in text
    assert "5 years" in text
    assert ">A</abbr>" in text
    assert "retired" in text
    assert reverse("records:plan_create") not in text
    assert clerk_client.get(reverse("records:plan_create")).status_code == 404


def test_archivist_creates_position_and_code_must_be_unique(archivist_client, plan_entry):
    response = archivist_client.post(
        reverse("records:plan_create"),
        {"code": "63.2", "title": "Bauvoranfragen", "retention_years": "6", "disposal": "V"},
        follow=True,
    )
    assert "The position was created." in response.content.decode()
    entry = FilePlanEntry.objects.get(code="63.2")
    assert entry.retention_years == 6 and entry.disposal == "V"
    assert AuditEntry.objects.filter(object_id=str(entry.pk), action="create").exists()

    response = archivist_client.post(
        reverse("records:plan_create"),
        {"code": "63.1", "title": "Doppelt", "disposal": "B"},
    )
    assert response.status_code == 200
    assert "A position with this code already exists." in response.content.decode()
    assert FilePlanEntry.objects.filter(code="63.1").count() == 1


def test_edit_with_stale_version_shows_conflict_and_keeps_input(archivist_client, plan_entry):
    url = reverse("records:plan_edit", args=[plan_entry.pk])
    stale = plan_entry.version
    FilePlanEntry.objects.filter(pk=plan_entry.pk).update(title="Von Anke", version=stale + 1)

    response = archivist_client.post(
        url,
        {"code": "63.1", "title": "Mein Titel", "disposal": "B", "version": stale},
    )

    text = response.content.decode()
    assert "Someone else changed this in the meantime" in text
    assert "Mein Titel" in text
    plan_entry.refresh_from_db()
    assert plan_entry.title == "Von Anke"


def test_used_position_cannot_be_deleted_only_retired(archivist_client, plan_entry, units):
    RecordFileFactory(plan_entry=plan_entry, unit=units["building"])

    response = archivist_client.post(
        reverse("records:plan_delete", args=[plan_entry.pk]), follow=True
    )
    assert "cannot be deleted" in response.content.decode()
    assert FilePlanEntry.objects.filter(pk=plan_entry.pk).exists()

    response = archivist_client.post(
        reverse("records:plan_retire", args=[plan_entry.pk]), follow=True
    )
    assert "The position was retired" in response.content.decode()
    plan_entry.refresh_from_db()
    assert plan_entry.is_retired

    archivist_client.post(reverse("records:plan_reactivate", args=[plan_entry.pk]))
    plan_entry.refresh_from_db()
    assert not plan_entry.is_retired


def test_unused_position_can_be_deleted(archivist_client):
    entry = FilePlanEntryFactory(code="99")
    response = archivist_client.post(reverse("records:plan_delete", args=[entry.pk]), follow=True)
    assert "The position was deleted." in response.content.decode()
    assert not FilePlanEntry.objects.filter(pk=entry.pk).exists()


def test_retiring_a_position_retires_those_below(archivist):
    top = FilePlanEntryFactory(code="1")
    child = FilePlanEntryFactory(code="1.1", parent=top)
    plan_services.retire_entry(actor=archivist, entry=top)
    child.refresh_from_db()
    assert child.is_retired
    with pytest.raises(plan_services.ParentRetired):
        plan_services.reactivate_entry(actor=archivist, entry=child)


def test_clerk_cannot_change_the_plan(clerk, clerk_client, plan_entry):
    with pytest.raises(plan_services.NotArchivist):
        plan_services.retire_entry(actor=clerk, entry=plan_entry)
    response = clerk_client.post(reverse("records:plan_retire", args=[plan_entry.pk]))
    assert response.status_code == 404


def test_settings_validate_the_reference_pattern(client, archivist):
    sign_in_verified(client, archivist)
    url = reverse("records:settings")
    response = client.post(url, {"reference_pattern": "{unit}-{foo}/{year}"})
    assert "Unknown placeholder: {foo}" in response.content.decode()
    response = client.post(url, {"reference_pattern": "{unit}-{plan}/{year}"})
    assert "must contain the running number" in response.content.decode()
    response = client.post(url, {"reference_pattern": "{number:zz}"})
    assert "not valid" in response.content.decode()

    response = client.post(
        url,
        {"reference_pattern": "{plan}/{number:03}/{year}", "archive_name": "Kreisarchiv"},
        follow=True,
    )
    assert "The settings were saved." in response.content.decode()
    settings = RecordsSettings.current()
    assert settings.reference_pattern == "{plan}/{number:03}/{year}"
    assert settings.archive_name == "Kreisarchiv"


def test_settings_for_administrators_not_for_clerks(client, clerk_client):
    assert clerk_client.get(reverse("records:settings")).status_code == 404
    admin = staff_with(Role.ADMINISTRATOR, None)
    client.logout()
    sign_in_verified(client, admin)
    assert client.get(reverse("records:settings")).status_code == 200


def test_tree_queries_do_not_grow(archivist_client, units):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert archivist_client.get(reverse("records:plan")).status_code == 200
        return len(captured)

    top = FilePlanEntryFactory(code="1")
    RecordFileFactory(plan_entry=top, unit=units["building"])
    one = count()
    for number in range(20):
        child = FilePlanEntryFactory(code=f"1.{number}", parent=top)
        RecordFileFactory(plan_entry=child, unit=units["building"])
    assert count() == one
