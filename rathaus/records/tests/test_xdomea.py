"""xdomea 3.1.0 messages of the disposal process (Aussonderung 0501–0507), the file export
(Abgabe 0401) and the co-signing route (Geschäftsgang 0201), checked against the XSD."""

import hashlib
import re
import uuid

import pytest
from django.core.files.storage import default_storage

from rathaus.records import xdomea
from rathaus.records.models import RecordsSettings, RouteStep

from .factories import DocumentFactory, ProcedureFactory, RecordFileFactory, add_version
from .factories_f import (
    XD,
    DisposalBatchFactory,
    RouteFactory,
    RouteStepFactory,
    archive_evaluation,
    archive_import_confirmation,
    archive_receipt,
    assert_valid,
    full_file,
    message_xml,
    xdomea_schema_fixture,  # noqa: F401 - the session-scoped schema
)

ZIP_NAME = re.compile(r"^(?P<pid>[0-9a-f-]{36})_(?P<type>\d{4})_(?P<n>\d+)\.zip$")


@pytest.fixture
def archive_settings():
    settings = RecordsSettings.current()
    settings.archive_name = "Kreisarchiv Darmstadt-Dieburg"
    settings.archive_code = "KrA-DADI"
    settings.save()
    return settings


@pytest.fixture
def batch_with_files(units, plan_entry, clerk, lead, archive_settings):
    batch = DisposalBatchFactory(created_by=clerk)
    files = [
        full_file(
            unit=units["building"],
            plan_entry=plan_entry,
            user=clerk,
            disposal_batch=batch,
            route_to=lead,
            has_personal_data=True,
        )
        for _ in range(2)
    ]
    return batch, files


def _ids(root, path: str) -> list[str]:
    return [element.text for element in root.iterfind(path, XD)]


def test_offer_0501_validates_and_names_every_file(xdomea_schema, batch_with_files):
    batch, files = batch_with_files

    message = xdomea.build_offer(batch, files)

    match = ZIP_NAME.match(message.filename)
    assert match and match["pid"] == str(batch.pk) and match["type"] == "0501"
    assert (message.process_id, message.type_code) == (batch.pk, "0501")
    root, archive = message_xml(message.content)
    assert_valid(xdomea_schema, root)
    assert archive.namelist() == [f"{batch.pk}_0501.xml"]
    assert root.tag == "{urn:xoev-de:xdomea:schema:3.1.0}Aussonderung.Anbieteverzeichnis.0501"
    assert root.findtext("xdomea:Kopf/xdomea:ProzessID", namespaces=XD) == str(batch.pk)
    assert root.findtext("xdomea:Kopf/xdomea:Nachrichtentyp/code", namespaces=XD) == "0501"
    sender = "xdomea:Kopf/xdomea:Absender/xdomea:Behoerdenkennung/xdomea:Behoerdenschluessel/code"
    assert root.findtext(sender, namespaces=XD) == "06432023"
    recipient = "xdomea:Kopf/xdomea:Empfaenger/xdomea:Institution/xdomea:Name"
    assert root.findtext(recipient, namespaces=XD) == "Kreisarchiv Darmstadt-Dieburg"
    akten = _ids(root, "xdomea:Schriftgutobjekt/xdomea:Akte/xdomea:Identifikation/xdomea:ID")
    assert sorted(akten) == sorted(str(f.pk) for f in files)
    archival = "xdomea:Schriftgutobjekt/xdomea:Akte/xdomea:ArchivspezifischeMetadaten"
    years = f"{archival}/xdomea:Aufbewahrungsdauer/xdomea:AnzahlJahre"
    assert root.findtext(years, namespaces=XD) == "10"
    assert (
        root.findtext(
            f"{archival}/xdomea:Aussonderungsart/xdomea:Aussonderungsart/code", namespaces=XD
        )
        == "B"
    )
    # An offer lists metadata only: no versions, no primary documents.
    assert root.find(".//xdomea:Dokument/xdomea:Version", XD) is None
    assert root.find(".//xdomea:Dokument", XD) is not None


def test_offer_of_no_files_is_refused(batch_with_files):
    batch, _files = batch_with_files
    with pytest.raises(xdomea.MessageError):
        xdomea.build_offer(batch, [])


def test_handover_0503_carries_every_version_with_matching_sha256(xdomea_schema, batch_with_files):
    batch, files = batch_with_files

    message = xdomea.build_handover(batch, files)

    assert ZIP_NAME.match(message.filename)["type"] == "0503"
    root, archive = message_xml(message.content)
    assert_valid(xdomea_schema, root)
    declared = root.findall(".//{urn:rathaus:xdomea:erweiterung:1}Version")
    # 2 files × 2 procedures × 2 documents × 2 versions
    assert len(declared) == 16
    for item in declared:
        data = archive.read(item.get("Dateiname"))
        assert hashlib.sha256(data).hexdigest() == item.get("SHA256")
        assert len(data) == int(item.get("Groesse"))
    names = _ids(root, ".//xdomea:Primaerdokument/xdomea:Dateiname")
    assert sorted(names) == sorted(item.get("Dateiname") for item in declared)
    assert set(archive.namelist()) == {f"{batch.pk}_0503.xml", *names}


def test_every_object_and_version_has_its_own_uuid(batch_with_files):
    batch, files = batch_with_files
    root, _archive = message_xml(xdomea.build_handover(batch, files).content)

    object_ids = _ids(root, ".//xdomea:Identifikation/xdomea:ID")
    version_ids = [
        item.get("ID") for item in root.iter("{urn:rathaus:xdomea:erweiterung:1}Version")
    ]
    every = object_ids + version_ids
    # files, procedures, documents, versions, routes
    assert len(every) == len(set(every)) == 2 + 4 + 8 + 16 + 2
    assert all(uuid.UUID(value) for value in every)


def test_handover_contains_the_route_of_a_procedure(batch_with_files):
    batch, files = batch_with_files
    root, _archive = message_xml(xdomea.build_handover(batch, files[:1]).content)

    route = root.find(".//xdomea:Vorgang/xdomea:InternerGeschaeftsgang", XD)
    step = route.find("xdomea:Beteiligungsschritt", XD)
    assert step.findtext("xdomea:Status/code", namespaces=XD) == "003"
    assert step.findtext("xdomea:Bearbeitung/xdomea:Notiz", namespaces=XD) == "Einverstanden."


def test_handover_contains_notes_and_history(batch_with_files):
    batch, files = batch_with_files
    root, _archive = message_xml(xdomea.build_handover(batch, files[:1]).content)

    notes = [n.text for n in root.iter("{urn:rathaus:xdomea:erweiterung:1}Vermerk")]
    assert notes == ["Ortstermin 1 vereinbart.", "Ortstermin 2 vereinbart."]
    history = root.find(
        "xdomea:Schriftgutobjekt/xdomea:Akte/xdomea:HistorienProtokollInformation", XD
    )
    assert history.findtext("xdomea:Aktion", namespaces=XD) == "create"
    assert history.findtext("xdomea:Akteur", namespaces=XD) == "Clara Klein"


def test_handover_refuses_corrupted_content(batch_with_files):
    batch, files = batch_with_files
    version = files[0].procedures.first().documents.first().versions.first()
    with default_storage.open(version.stored_file.storage_name, "wb") as handle:
        handle.write(b"altered on disk")

    with pytest.raises(xdomea.MessageError) as refusal:
        xdomea.build_handover(batch, files)
    assert "checksum" in str(refusal.value.message)


@pytest.mark.parametrize("as_zip", [True, False])
def test_evaluation_0502_round_trip(batch_with_files, as_zip):
    batch, files = batch_with_files
    data = archive_evaluation(batch.pk, {files[0].pk: "A", files[1].pk: "V"}, as_zip=as_zip)

    assert xdomea.parse_evaluation(data, batch) == {files[0].pk: "A", files[1].pk: "V"}


def test_evaluation_per_procedure_decides_for_its_file(batch_with_files):
    batch, files = batch_with_files
    first, second = files[0].procedures.all()
    data = archive_evaluation(
        batch.pk, {first.pk: "V", second.pk: "A", files[1].procedures.first().pk: "V"}
    )

    assert xdomea.parse_evaluation(data, batch) == {files[0].pk: "A", files[1].pk: "V"}


def test_evaluation_of_another_process_is_refused(batch_with_files):
    batch, files = batch_with_files
    data = archive_evaluation(uuid.uuid4(), {files[0].pk: "A"})

    with pytest.raises(xdomea.MessageError) as refusal:
        xdomea.parse_evaluation(data, batch)
    assert "another disposal process" in str(refusal.value.message)


def test_evaluation_naming_an_object_not_offered_is_refused(batch_with_files, units, plan_entry):
    batch, _files = batch_with_files
    stranger = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)

    with pytest.raises(xdomea.MessageError, match="not offered"):
        xdomea.parse_evaluation(archive_evaluation(batch.pk, {stranger.pk: "A"}), batch)


def test_evaluation_with_b_is_refused(batch_with_files):
    batch, files = batch_with_files
    with pytest.raises(xdomea.MessageError, match="only A or V"):
        xdomea.parse_evaluation(archive_evaluation(batch.pk, {files[0].pk: "B"}), batch)


def test_message_of_wrong_type_is_refused(batch_with_files):
    batch, _files = batch_with_files
    with pytest.raises(xdomea.MessageError, match="Bewertungsverzeichnis"):
        xdomea.parse_evaluation(archive_receipt(batch.pk, "0504"), batch)


def test_message_that_breaks_the_schema_is_refused(batch_with_files):
    batch, files = batch_with_files
    data = archive_evaluation(batch.pk, {files[0].pk: "A"}, as_zip=False)
    broken = data.replace(b"<xdomea:ProzessID>", b"<xdomea:ProzessID>x")

    with pytest.raises(xdomea.MessageError, match="does not conform to xdomea 3.1.0"):
        xdomea.parse_evaluation(broken, batch)


def test_entities_are_not_expanded(batch_with_files):
    batch, _files = batch_with_files
    data = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    with pytest.raises(xdomea.MessageError):
        xdomea.parse_evaluation(data, batch)


@pytest.mark.parametrize("type_code", ["0504", "0507"])
def test_receipts_0504_and_0507(batch_with_files, type_code):
    batch, _files = batch_with_files

    receipt = xdomea.parse_receipt(archive_receipt(batch.pk, type_code), batch)

    assert receipt.process_id == batch.pk
    assert receipt.type_code == type_code
    assert receipt.accepted_ids == set() and receipt.rejected == {}


def test_import_confirmation_0506_lists_accepted_and_rejected(batch_with_files):
    batch, files = batch_with_files
    data = archive_import_confirmation(
        batch.pk, accepted=[files[0].pk], rejected={files[1].pk: "Primärdatei unlesbar"}
    )

    receipt = xdomea.parse_receipt(data, batch)

    assert receipt.type_code == "0506"
    assert receipt.accepted_ids == {files[0].pk}
    assert receipt.rejected == {files[1].pk: "Primärdatei unlesbar"}
    assert receipt.archive_ids[files[0].pk].startswith("KrA")


def test_receipt_of_another_process_is_refused(batch_with_files):
    batch, _files = batch_with_files
    with pytest.raises(xdomea.MessageError):
        xdomea.parse_receipt(archive_receipt(uuid.uuid4()), batch)


def test_export_file_0401_validates_and_is_audited(xdomea_schema, units, plan_entry, clerk):
    from rathaus.core.audit.models import AuditEntry

    record_file = full_file(unit=units["building"], plan_entry=plan_entry, user=clerk)

    message = xdomea.export_file(record_file, clerk)

    match = ZIP_NAME.match(message.filename)
    assert match["type"] == "0401" and match["n"] == "1"
    assert match["pid"] == str(message.process_id)
    root, archive = message_xml(message.content)
    assert_valid(xdomea_schema, root)
    reference = ".//xdomea:Akte/xdomea:AllgemeineMetadaten/xdomea:Kennzeichen"
    assert root.findtext(reference, namespaces=XD) == record_file.reference
    assert len(archive.namelist()) == 1 + 2 * 2 * 2
    entry = AuditEntry.objects.about(record_file).first()
    assert entry.summary == "xdomea export"
    assert entry.changes["filename"] == message.filename


def test_export_of_a_file_of_another_unit_is_refused(units, plan_entry, other_clerk):
    record_file = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    with pytest.raises(xdomea.MessageError):
        xdomea.export_file(record_file, other_clerk)


def test_routing_0201_validates(xdomea_schema, units, plan_entry, clerk, lead, other_clerk):
    procedure = ProcedureFactory(
        file=RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    )
    document = DocumentFactory(procedure=procedure, title="Bescheid")
    add_version(document, b"Bescheid Entwurf", name="bescheid.txt", user=clerk)
    route = RouteFactory(procedure=procedure, document=document, started_by=clerk)
    RouteStepFactory(route=route, position=1, assigned_user=lead, state=RouteStep.State.PENDING)
    RouteStepFactory(
        route=route, position=2, assigned_unit=units["order"], kind=RouteStep.Kind.INFORM
    )

    message = xdomea.build_routing(route)

    assert ZIP_NAME.match(message.filename)["type"] == "0201"
    assert message.process_id == route.pk
    root, archive = message_xml(message.content)
    assert_valid(xdomea_schema, root)
    steps = root.findall("xdomea:ExternerGeschaeftsgang/xdomea:Beteiligungsschritt", XD)
    assert [s.findtext("xdomea:Status/code", namespaces=XD) for s in steps] == ["002", "001"]
    addressee = steps[0].find("xdomea:Verfuegung/xdomea:Adressat/xdomea:Name", XD)
    assert addressee.findtext("xdomea:Familienname/xdomea:Name", namespaces=XD) == "Lang"
    assert len(archive.namelist()) == 2


def test_routing_without_documents_is_refused(units, plan_entry):
    route = RouteFactory(
        procedure=ProcedureFactory(
            file=RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
        )
    )
    RouteStepFactory(route=route, assigned_unit=units["order"])
    with pytest.raises(xdomea.MessageError):
        xdomea.build_routing(route)


def test_building_a_handover_takes_a_constant_number_of_queries(
    batch_with_files, django_assert_max_num_queries, units, plan_entry, clerk
):
    batch, files = batch_with_files
    with django_assert_max_num_queries(40) as small:
        xdomea.build_handover(batch, files[:1])
    more = files + [
        full_file(unit=units["building"], plan_entry=plan_entry, user=clerk) for _ in range(3)
    ]
    with django_assert_max_num_queries(40) as large:
        xdomea.build_handover(batch, more)
    # Reading content is one check per version (storage, not the database).
    assert len(large.captured_queries) <= len(small.captured_queries)
