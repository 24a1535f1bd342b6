"""Files: references, creating, editing with conflicts, closing and retention, sharing, 404."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from rathaus.core.audit.models import AuditEntry
from rathaus.core.staff.tests.conftest import sign_in_verified
from rathaus.records.models import FileShare, RecordFile, RecordsSettings
from rathaus.records.services import files as file_services
from rathaus.records.services.references import next_reference, validate_pattern

from .factories import FilePlanEntryFactory, RecordFileFactory
from .factories_a import file_with_procedures


def create(actor, unit, plan_entry, title="Bauantrag Musterstraße 1"):
    return file_services.create_file(
        actor=actor, data={"unit": unit, "plan_entry": plan_entry, "title": title}
    )


@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("{unit}-{plan}/{year}", "must contain the running number"),
        ("{number}-{kuerzel}", "Unknown placeholder: {kuerzel}"),
        ("{number:x4}", "not valid"),
        ("{number", "unmatched brace"),
    ],
)
def test_invalid_patterns_are_refused(pattern, message):
    with pytest.raises(ValidationError, match=message):
        validate_pattern(pattern)


def test_references_count_per_unit_position_and_year(time_machine, clerk, units, plan_entry):
    time_machine.move_to(datetime.datetime(2026, 3, 2, 10, 0))
    first = create(clerk, units["building"], plan_entry)
    second = create(clerk, units["building"], plan_entry)
    other_unit = create(clerk, units["section"], plan_entry)

    assert first.reference == "60-63.1/0001/2026"
    assert second.reference == "60-63.1/0002/2026"
    assert other_unit.reference == "60.1-63.1/0001/2026"

    time_machine.move_to(datetime.datetime(2027, 1, 4, 10, 0))
    assert create(clerk, units["building"], plan_entry).reference == "60-63.1/0001/2027"


def test_custom_pattern_and_taken_references_are_skipped(clerk, units, plan_entry):
    RecordsSettings.objects.create(reference_pattern="{plan}-{number}")
    RecordFileFactory(unit=units["building"], plan_entry=plan_entry, reference="63.1-1")
    number, reference = next_reference(unit=units["building"], plan_entry=plan_entry, year=2026)
    assert (number, reference) == (2, "63.1-2")


def test_clerk_creates_file_in_own_unit(clerk_client, units, plan_entry):
    retired = FilePlanEntryFactory(code="99", title="Stillgelegt")
    retired.retired_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    retired.save()
    page = clerk_client.get(reverse("records:file_create")).content.decode()
    assert "Baugenehmigungen" in page and "Stillgelegt" not in page
    assert "Ordnungsamt" not in page

    response = clerk_client.post(
        reverse("records:file_create"),
        {
            "plan_entry": plan_entry.pk,
            "title": "Bauantrag Musterstraße 1",
            "unit": units["building"].pk,
            "has_personal_data": "on",
        },
        follow=True,
    )

    file = RecordFile.objects.get()
    assert response.redirect_chain[-1][0] == reverse("records:file_detail", args=[file.pk])
    assert f"The file {file.reference} was created." in response.content.decode()
    assert file.has_personal_data and file.unit == units["building"]
    assert AuditEntry.objects.filter(object_id=str(file.pk), action="create").exists()

    response = clerk_client.post(
        reverse("records:file_create"),
        {"plan_entry": plan_entry.pk, "title": "Fremd", "unit": units["order"].pk},
    )
    assert response.status_code == 200
    assert RecordFile.objects.count() == 1


def test_list_shows_visible_files_with_filters(clerk_client, units, plan_entry):
    mine = RecordFileFactory(unit=units["building"], plan_entry=plan_entry, title="Meine Akte")
    RecordFileFactory(unit=units["section"], plan_entry=plan_entry, title="Akte Bauaufsicht")
    RecordFileFactory(unit=units["order"], plan_entry=plan_entry, title="Fremde Akte")
    closed = RecordFileFactory(
        unit=units["building"], plan_entry=plan_entry, title="Alte Akte", state="closed"
    )

    page = clerk_client.get(reverse("records:file_list")).content.decode()
    assert "Meine Akte" in page and "Akte Bauaufsicht" in page and "Alte Akte" in page
    assert "Fremde Akte" not in page

    page = clerk_client.get(reverse("records:file_list"), {"state": "closed"}).content.decode()
    assert closed.reference in page and mine.reference not in page

    page = clerk_client.get(
        reverse("records:file_list"), {"unit": units["section"].pk}
    ).content.decode()
    assert "Akte Bauaufsicht" in page and "Meine Akte" not in page


def test_list_is_paginated(clerk_client, units, plan_entry):
    for _ in range(30):
        RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    response = clerk_client.get(reverse("records:file_list"))
    assert len(response.context["page"].object_list) == 25
    assert "Page 1 of 2" in response.content.decode()


def test_other_unit_gets_404_everywhere(client, other_clerk, units, plan_entry):
    file = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    sign_in_verified(client, other_clerk)
    for name, method in [
        ("records:file_detail", "get"),
        ("records:file_edit", "get"),
        ("records:file_close", "post"),
        ("records:file_reopen", "post"),
        ("records:file_share", "post"),
        ("records:procedure_create", "post"),
    ]:
        response = getattr(client, method)(reverse(name, args=[file.pk]))
        assert response.status_code == 404, name


def test_edit_conflict_keeps_the_entered_data(clerk_client, units, plan_entry):
    file = RecordFileFactory(unit=units["building"], plan_entry=plan_entry, title="Alt")
    url = reverse("records:file_edit", args=[file.pk])
    form_version = clerk_client.get(url).context["form"].initial["version"]
    RecordFile.objects.filter(pk=file.pk).update(title="Von Leo", version=form_version + 1)

    response = clerk_client.post(url, {"title": "Von Clara", "version": form_version})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Someone else changed this in the meantime. Nothing was overwritten" in page
    assert 'value="Von Clara"' in page
    assert "Von Leo" in page  # the current state is shown
    file.refresh_from_db()
    assert file.title == "Von Leo"

    # Sent again after checking, the change goes through.
    again = response.context["form"].data["version"]
    response = clerk_client.post(url, {"title": "Von Clara", "version": again}, follow=True)
    assert "The file was saved." in response.content.decode()
    file.refresh_from_db()
    assert file.title == "Von Clara"


def test_retention_end_runs_from_end_of_closing_year():
    assert file_services.retention_end(datetime.date(2026, 2, 3), 10) == datetime.date(2036, 12, 31)
    assert file_services.retention_end(datetime.date(2026, 2, 3), None) is None


def test_close_sets_dates_and_reopen_clears_them(time_machine, clerk_client, units, plan_entry):
    time_machine.move_to(datetime.datetime(2026, 5, 20, 9, 0))
    file, (procedure,) = file_with_procedures(unit=units["building"], plan_entry=plan_entry)

    response = clerk_client.post(reverse("records:file_close", args=[file.pk]), follow=True)
    assert "open procedures" in response.content.decode()
    file.refresh_from_db()
    assert file.is_open

    procedure.state = "done"
    procedure.save()
    response = clerk_client.post(reverse("records:file_close", args=[file.pk]), follow=True)
    assert "The file was closed." in response.content.decode()
    file.refresh_from_db()
    assert file.state == "closed"
    assert file.closed_on == datetime.date(2026, 5, 20)
    assert file.retention_ends_on == datetime.date(2036, 12, 31)

    clerk_client.post(reverse("records:file_reopen", args=[file.pk]))
    file.refresh_from_db()
    assert file.is_open and file.closed_on is None and file.retention_ends_on is None
    assert AuditEntry.objects.filter(object_id=str(file.pk), summary="file reopened").exists()


def test_unlimited_retention_and_no_reopen_in_disposal(clerk, units):
    entry = FilePlanEntryFactory(code="0.1", retention_years=None)
    file = RecordFileFactory(unit=units["building"], plan_entry=entry)
    file = file_services.close_file(actor=clerk, file=file)
    assert file.retention_ends_on is None
    RecordFile.objects.filter(pk=file.pk).update(disposal_state="offered")
    with pytest.raises(file_services.DisposalStarted):
        file_services.reopen_file(actor=clerk, file=file)


def test_share_with_unit_and_remove(clerk_client, other_clerk, units, plan_entry, client):
    file = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    response = clerk_client.post(
        reverse("records:file_share", args=[file.pk]), {"unit": units["order"].pk}, follow=True
    )
    assert "The file was shared." in response.content.decode()
    share = FileShare.objects.get(file=file)
    assert RecordFile.objects.visible_to(other_clerk).filter(pk=file.pk).exists()
    assert AuditEntry.objects.filter(object_id=str(file.pk), summary__contains="shared").exists()

    response = clerk_client.post(
        reverse("records:file_share", args=[file.pk]), {"unit": units["order"].pk}, follow=True
    )
    assert "already shared" in response.content.decode()

    clerk_client.post(reverse("records:file_share_remove", args=[file.pk, share.pk]))
    assert not FileShare.objects.exists()
    assert not RecordFile.objects.visible_to(other_clerk).filter(pk=file.pk).exists()


def test_shared_person_reads_but_cannot_close(client, other_clerk, clerk, units, plan_entry):
    file = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    file_services.share_file(actor=clerk, file=file, user=other_clerk)
    sign_in_verified(client, other_clerk)
    page = client.get(reverse("records:file_detail", args=[file.pk])).content.decode()
    assert file.title in page
    assert reverse("records:file_close", args=[file.pk]) not in page
    response = client.post(reverse("records:file_close", args=[file.pk]), follow=True)
    assert "Only the responsible unit" in response.content.decode()


def _count_queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_file_detail_queries_do_not_grow(clerk_client, units, plan_entry, clerk):
    small, _ = file_with_procedures(unit=units["building"], plan_entry=plan_entry, procedures=1)
    big, procedures = file_with_procedures(
        unit=units["building"], plan_entry=plan_entry, procedures=20
    )
    for procedure in procedures[:5]:
        procedure.assigned_to = clerk
        procedure.save()
    file_services.share_file(actor=clerk, file=big, unit=units["order"])
    file_services.share_file(actor=clerk, file=small, unit=units["order"])

    one = _count_queries(clerk_client, reverse("records:file_detail", args=[small.pk]))
    twenty = _count_queries(clerk_client, reverse("records:file_detail", args=[big.pk]))
    assert twenty == one


def test_detail_shows_metadata_procedures_and_export_partial(clerk_client, units, plan_entry):
    file, (procedure,) = file_with_procedures(unit=units["building"], plan_entry=plan_entry)
    response = clerk_client.get(reverse("records:file_detail", args=[file.pk]))
    page = response.content.decode()
    assert file.reference in page and "63.1 Baugenehmigungen" in page
    assert reverse("records:procedure_detail", args=[procedure.pk]) in page
    assert "records/files/_export.html" in [t.name for t in response.templates]


def test_file_history_page(clerk_client, clerk, units, plan_entry):
    file = create(clerk, units["building"], plan_entry)
    file_services.close_file(actor=clerk, file=file)
    page = clerk_client.get(reverse("records:file_history", args=[file.pk])).content.decode()
    assert "file created" in page and "file closed" in page
