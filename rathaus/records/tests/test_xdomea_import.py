"""Import of an incoming xdomea hand-over (0503) or Abgabe (0401) into a new file, and the
import page. Tampered, disguised, oversized and path-escaping messages are refused and
store nothing."""

import io
import os
import zipfile

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import NoReverseMatch, reverse

from rathaus.core.audit.models import AuditEntry
from rathaus.core.uploads.models import StoredFile
from rathaus.records import xdomea
from rathaus.records.models import Document, DocumentVersion, RecordFile

from .factories import FilePlanEntryFactory
from .factories_f import (
    PDF,
    XD,
    DisposalBatchFactory,
    archive_evaluation,
    full_file,
    message_xml,
    rezip,
)


@pytest.fixture
def exported(units, plan_entry, clerk, lead):
    source = full_file(
        unit=units["building"],
        plan_entry=plan_entry,
        user=clerk,
        route_to=lead,
        has_personal_data=True,
    )
    return source, xdomea.export_file(source, clerk)


@pytest.fixture
def target_plan():
    return FilePlanEntryFactory(code="10.2", title="Übernommene Akten")


def _structure(record_file):
    return [
        (
            procedure.title,
            [note.text for note in procedure.notes.all()],
            [
                (
                    document.title,
                    [
                        (v.number, v.original_name, v.sha256, v.size)
                        for v in document.versions.order_by("number")
                    ],
                )
                for document in procedure.documents.order_by("title")
            ],
        )
        for procedure in record_file.procedures.order_by("number")
    ]


def _files_on_disk() -> int:
    return sum(len(files) for _dir, _dirs, files in os.walk(default_storage.location))


def _read(version) -> bytes:
    with default_storage.open(version.stored_file.storage_name, "rb") as handle:
        return handle.read()


def test_import_of_an_export_recreates_structure_and_content(exported, units, target_plan, clerk):
    source, message = exported

    created = xdomea.import_handover(
        message.content, unit=units["section"], plan_entry=target_plan, actor=clerk
    )

    assert created.pk != source.pk
    assert (created.title, created.unit, created.plan_entry) == (
        source.title,
        units["section"],
        target_plan,
    )
    assert created.reference.startswith("60.1-10.2/")
    assert created.has_personal_data
    assert _structure(created) == _structure(source)
    versions = DocumentVersion.objects.order_by("sha256")
    assert [_read(v) for v in versions.filter(document__procedure__file=created)] == [
        _read(v) for v in versions.filter(document__procedure__file=source)
    ]
    first = Document.objects.filter(procedure__file=created).first()
    assert first.current_version.number == 2
    entry = AuditEntry.objects.about(created).first()
    assert entry.summary == "imported from xdomea"
    assert entry.changes["process_id"] == str(message.process_id)
    assert entry.changes["documents"] == 4


def test_imported_documents_get_their_text_and_are_found(units, plan_entry, target_plan, clerk):
    from rathaus.records.search import search
    from rathaus.records.tests.factories import (
        DocumentFactory,
        ProcedureFactory,
        RecordFileFactory,
        add_version,
    )

    source = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    document = DocumentFactory(procedure=ProcedureFactory(file=source), title="Vermerk")
    add_version(document, "Regenrückhaltebecken am Lindenweg".encode(), name="vermerk.txt")
    message = xdomea.export_file(source, clerk)

    created = xdomea.import_handover(
        message.content, unit=units["section"], plan_entry=target_plan, actor=clerk
    )

    version = Document.objects.get(procedure__file=created).current_version
    assert version.text_state == DocumentVersion.TextState.DONE
    assert "Regenrückhaltebecken" in version.text
    found = {hit.file_id for hit in search(clerk, "Regenrückhaltebecken")}
    assert created.pk in found


def test_import_of_a_disposal_handover_0503(units, plan_entry, target_plan, clerk):
    batch = DisposalBatchFactory()
    source = full_file(
        unit=units["building"], plan_entry=plan_entry, user=clerk, disposal_batch=batch
    )
    message = xdomea.build_handover(batch, [source])

    created = xdomea.import_handover(
        message.content, unit=units["building"], plan_entry=target_plan, actor=clerk
    )

    assert _structure(created) == _structure(source)


def _nothing_stored(before_files: int, before_stored: int) -> None:
    assert RecordFile.objects.count() == before_files
    assert StoredFile.objects.count() == before_stored


def _refused(content: bytes, *, units, plan, clerk, match: str) -> None:
    before = RecordFile.objects.count(), StoredFile.objects.count()
    with pytest.raises(xdomea.MessageError) as refusal:
        xdomea.import_handover(content, unit=units["building"], plan_entry=plan, actor=clerk)
    assert match in str(refusal.value.message)
    _nothing_stored(*before)


def test_tampered_content_is_refused(exported, units, target_plan, clerk):
    _source, message = exported
    root, archive = message_xml(message.content)
    name = next(n for n in archive.namelist() if n.endswith(".pdf"))

    tampered = rezip(message.content, replace={name: PDF + b"% forged"})

    _refused(tampered, units=units, plan=target_plan, clerk=clerk, match="SHA-256")


def test_tampering_late_in_the_message_leaves_no_stored_content(
    exported, units, target_plan, clerk
):
    """The checksums are checked before anything is stored, also for the last document."""
    _source, message = exported
    _root, archive = message_xml(message.content)
    last = [n for n in archive.namelist() if not n.endswith(".xml")][-1]
    stored_before = _files_on_disk()

    _refused(
        rezip(message.content, replace={last: b"forged"}),
        units=units,
        plan=target_plan,
        clerk=clerk,
        match="SHA-256",
    )
    assert _files_on_disk() == stored_before


@pytest.mark.parametrize(
    "name", ["../evil.txt", "/etc/evil.txt", "sub/../../evil.txt", "C:evil.txt", "a\\..\\b.txt"]
)
def test_zip_slip_paths_are_refused(exported, units, target_plan, clerk, name):
    _source, message = exported
    _refused(
        rezip(message.content, add={name: b"x"}),
        units=units,
        plan=target_plan,
        clerk=clerk,
        match="outside the message",
    )


def test_oversized_message_is_refused(exported, units, target_plan, clerk, settings):
    _source, message = exported
    settings.RATHAUS_XDOMEA_MAX_BYTES = 1000
    _refused(message.content, units=units, plan=target_plan, clerk=clerk, match="too large")


def test_zip_bomb_is_refused_by_its_unpacked_size(exported, units, target_plan, clerk, settings):
    _source, message = exported
    settings.RATHAUS_XDOMEA_MAX_BYTES = 200_000
    bomb = rezip(message.content, add={"padding.bin": b"\0" * 300_000})
    assert len(bomb) < 200_000
    _refused(bomb, units=units, plan=target_plan, clerk=clerk, match="too large when unpacked")


def test_document_over_the_upload_limit_is_refused(exported, units, target_plan, clerk, settings):
    _source, message = exported
    settings.RATHAUS_UPLOAD_MAX_BYTES = 20
    _refused(message.content, units=units, plan=target_plan, clerk=clerk, match="too large")


def test_disguised_file_type_is_refused(units, plan_entry, target_plan, clerk):
    from .factories import DocumentFactory, ProcedureFactory, RecordFileFactory, add_version

    source = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    document = DocumentFactory(procedure=ProcedureFactory(file=source), title="Rechnung")
    add_version(
        document, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff", name="x.pdf", text=""
    )
    message = xdomea.export_file(source, clerk)

    _refused(message.content, units=units, plan=target_plan, clerk=clerk, match="Rechnung")


def test_missing_primary_document_is_refused(exported, units, target_plan, clerk):
    _source, message = exported
    source = zipfile.ZipFile(io.BytesIO(message.content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist()[:-1]:
            target.writestr(info.filename, source.read(info.filename))
    _refused(buffer.getvalue(), units=units, plan=target_plan, clerk=clerk, match="missing")


@pytest.mark.parametrize("content", [b"not a message", b"PK\x03\x04broken", b"<a>no xdomea</a>"])
def test_broken_input_is_refused(content, units, target_plan, clerk):
    before = RecordFile.objects.count(), StoredFile.objects.count()
    with pytest.raises(xdomea.MessageError):
        xdomea.import_handover(content, unit=units["building"], plan_entry=target_plan, actor=clerk)
    _nothing_stored(*before)


def test_other_message_types_are_not_imported(units, target_plan, clerk):
    data = archive_evaluation(DisposalBatchFactory().pk, {DisposalBatchFactory().pk: "A"})
    _refused(data, units=units, plan=target_plan, clerk=clerk, match="expected")


def test_import_into_a_unit_one_does_not_work_in_is_refused(exported, units, target_plan, clerk):
    _source, message = exported
    with pytest.raises(xdomea.MessageError, match="unit you work in"):
        xdomea.import_handover(
            message.content, unit=units["order"], plan_entry=target_plan, actor=clerk
        )


def test_import_under_a_retired_plan_position_is_refused(exported, units, clerk):
    from django.utils import timezone

    _source, message = exported
    retired = FilePlanEntryFactory(retired_at=timezone.now())
    with pytest.raises(xdomea.MessageError, match="retired"):
        xdomea.import_handover(
            message.content, unit=units["building"], plan_entry=retired, actor=clerk
        )


# The import page ------------------------------------------------------------------------

URL = "/staff/akten/xdomea/import/"


def test_import_page_url_name():
    assert reverse("records:xdomea_import") == URL


def test_clerk_sees_the_import_form(clerk_client, units, target_plan):
    response = clerk_client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Import xdomea message" in page
    assert "60 Bauamt" in page and "32 Ordnungsamt" not in page
    assert "10.2 Übernommene Akten" in page


def test_import_page_creates_the_file_and_opens_it(clerk_client, exported, units, target_plan):
    _source, message = exported
    upload = SimpleUploadedFile(message.filename, message.content, "application/zip")
    try:
        reverse("records:file_detail", kwargs={"pk": target_plan.pk})
    except NoReverseMatch:
        pytest.skip("records:file_detail is not there yet")

    response = clerk_client.post(
        URL, {"message": upload, "unit": units["building"].pk, "plan_entry": target_plan.pk}
    )

    created = RecordFile.objects.get(plan_entry=target_plan)
    assert response.status_code == 302
    assert response.url == reverse("records:file_detail", kwargs={"pk": created.pk})


def test_import_page_shows_a_refusal(clerk_client, exported, units, target_plan):
    _source, message = exported
    _root, archive = message_xml(message.content)
    name = next(n for n in archive.namelist() if n.endswith(".pdf"))
    tampered = rezip(message.content, replace={name: b"forged"})
    upload = SimpleUploadedFile(message.filename, tampered, "application/zip")

    response = clerk_client.post(
        URL, {"message": upload, "unit": units["building"].pk, "plan_entry": target_plan.pk}
    )

    assert response.status_code == 200
    assert "does not match its SHA-256 checksum" in response.content.decode()
    assert not RecordFile.objects.filter(plan_entry=target_plan).exists()


def test_import_page_is_404_for_staff_without_records_access(client):
    from rathaus.core.accounts.tests.factories import StaffFactory
    from rathaus.core.staff.tests.conftest import sign_in_verified

    sign_in_verified(client, StaffFactory())
    assert client.get(URL).status_code == 404


def test_import_page_queries_do_not_grow_with_the_plan(
    clerk_client, units, django_assert_max_num_queries
):
    FilePlanEntryFactory()
    with django_assert_max_num_queries(100) as few:
        clerk_client.get(URL)
    for _ in range(20):
        FilePlanEntryFactory()
    with django_assert_max_num_queries(100) as many:
        clerk_client.get(URL)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_export_page_downloads_the_message_zip(clerk_client, exported):
    source, _message = exported

    response = clerk_client.post(reverse("records:xdomea_export", kwargs={"pk": source.pk}))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    filename = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    assert filename.endswith("_0401_1.zip")
    root, _archive = message_xml(response.content)
    assert root.findtext(".//xdomea:Akte/xdomea:Identifikation/xdomea:ID", namespaces=XD) == str(
        source.pk
    )


def test_export_page_is_404_for_a_clerk_of_another_unit(client, exported, other_clerk):
    from rathaus.core.staff.tests.conftest import sign_in_verified

    source, _message = exported
    sign_in_verified(client, other_clerk)

    response = client.post(reverse("records:xdomea_export", kwargs={"pk": source.pk}))

    assert response.status_code == 404


def test_export_page_reports_damaged_content(clerk_client, exported):
    source, _message = exported
    version = DocumentVersion.objects.filter(document__procedure__file=source).first()
    with default_storage.open(version.stored_file.storage_name, "wb") as handle:
        handle.write(b"damaged")

    response = clerk_client.post(
        reverse("records:xdomea_export", kwargs={"pk": source.pk}), follow=True
    )

    detail = reverse("records:file_detail", kwargs={"pk": source.pk})
    assert response.redirect_chain[-1][0] == detail
    assert "missing or damaged" in response.content.decode()
