"""Disposal (Aussonderung) services: offer, evaluation, hand-over, receipt, deletion."""

import datetime

import pytest
import time_machine
from django.core.files.storage import default_storage

from rathaus.core.audit.models import AuditEntry
from rathaus.core.uploads.models import StoredFile
from rathaus.records import xdomea
from rathaus.records.models import (
    DeletionProtocol,
    DisposalBatch,
    DisposalMessage,
    Document,
    DocumentVersion,
    Procedure,
    ProcedureNote,
    RecordFile,
    RecordsSettings,
    SearchEntry,
)
from rathaus.records.services import disposal as services
from rathaus.records.services.files import close_file

from .factories import RecordFileFactory
from .factories_e import due_file
from .factories_f import archive_evaluation, archive_import_confirmation, archive_receipt

State = RecordFile.DisposalState


@pytest.fixture(autouse=True)
def archive_settings():
    settings = RecordsSettings.current()
    settings.archive_name = "Kreisarchiv Darmstadt-Dieburg"
    settings.archive_code = "KrA-DADI"
    settings.save()
    return settings


@pytest.fixture
def due(units, plan_entry, clerk):
    return [
        due_file(unit=units["building"], plan_entry=plan_entry, user=clerk, title=f"Bauakte {n}")
        for n in range(2)
    ]


@pytest.fixture
def batch(archivist, due):
    return services.create_offer(actor=archivist, file_ids=[f.pk for f in due])


def _state(record_file) -> str:
    return RecordFile.objects.get(pk=record_file.pk).disposal_state


def _storage_names(record_file) -> list[str]:
    return list(
        StoredFile.objects.filter(
            pk__in=DocumentVersion.objects.filter(document__procedure__file=record_file).values(
                "stored_file"
            )
        ).values_list("storage_name", flat=True)
    )


def test_offer_creates_a_process_with_its_0501(batch, due):
    assert batch.state == DisposalBatch.State.OFFERED
    assert {_state(f) for f in due} == {State.OFFERED}
    message = batch.messages.get()
    assert (message.direction, message.type_code) == ("out", "0501")
    assert message.filename.startswith(f"{batch.pk}_0501")
    assert message.storage_name.startswith(f"towns/{batch.town_id}/")
    assert services.read_message(message)[:2] == b"PK"


def test_only_due_files_can_be_offered(archivist, units, plan_entry):
    open_file = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    with pytest.raises(services.NotDue):
        services.create_offer(actor=archivist, file_ids=[open_file.pk])
    with pytest.raises(services.NothingSelected):
        services.create_offer(actor=archivist, file_ids=[])
    assert not DisposalBatch.objects.exists()


def test_a_file_already_offered_cannot_be_offered_again(archivist, batch, due):
    with pytest.raises(services.NotDue):
        services.create_offer(actor=archivist, file_ids=[due[0].pk])


def test_only_archivists_offer(clerk, due):
    with pytest.raises(services.NotArchivist):
        services.create_offer(actor=clerk, file_ids=[due[0].pk])


def test_retention_runs_from_the_end_of_the_closing_year(clerk, archivist, units, plan_entry):
    record_file = RecordFileFactory(unit=units["building"], plan_entry=plan_entry)
    with time_machine.travel(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC)):
        close_file(actor=clerk, file=record_file)
    with time_machine.travel(datetime.datetime(2036, 12, 30, 12, tzinfo=datetime.UTC)):
        assert not RecordFile.objects.due_for_disposal().filter(pk=record_file.pk).exists()
        with pytest.raises(services.NotDue):
            services.create_offer(actor=archivist, file_ids=[record_file.pk])
    with time_machine.travel(datetime.datetime(2037, 1, 2, 12, tzinfo=datetime.UTC)):
        assert RecordFile.objects.due_for_disposal().filter(pk=record_file.pk).exists()
        batch = services.create_offer(actor=archivist, file_ids=[record_file.pk])
    assert _state(record_file) == State.OFFERED
    assert batch.messages.filter(type_code="0501").exists()


def test_evaluation_recorded_by_hand(archivist, batch, due):
    result = services.record_evaluation(
        actor=archivist, batch=batch, decisions={due[0].pk: "A", due[1].pk: "V"}
    )

    assert result == {"archive": 1, "destroy": 1, "pending": 0}
    assert (_state(due[0]), _state(due[1])) == (State.TO_ARCHIVE, State.TO_DESTROY)
    batch.refresh_from_db()
    assert batch.state == DisposalBatch.State.EVALUATED and batch.evaluated_at


def test_evaluation_from_the_archives_0502(archivist, batch, due):
    data = archive_evaluation(batch.pk, {due[0].pk: "A"})

    result = services.import_evaluation(actor=archivist, batch=batch, data=data)

    assert result == {"archive": 1, "destroy": 0, "pending": 1}
    assert (_state(due[0]), _state(due[1])) == (State.TO_ARCHIVE, State.OFFERED)
    batch.refresh_from_db()
    assert batch.state == DisposalBatch.State.OFFERED  # one file still waits
    assert batch.messages.filter(direction="in", type_code="0502").count() == 1


def test_a_broken_0502_changes_nothing(archivist, batch, due):
    with pytest.raises(xdomea.MessageError):
        services.import_evaluation(actor=archivist, batch=batch, data=b"<nonsense/>")
    other = archive_evaluation(DisposalBatch.objects.create().pk, {due[0].pk: "A"})
    with pytest.raises(xdomea.MessageError):
        services.import_evaluation(actor=archivist, batch=batch, data=other)
    assert {_state(f) for f in due} == {State.OFFERED}
    assert not batch.messages.filter(direction="in").exists()


def test_hand_over_builds_the_0503(archivist, batch, due):
    services.record_evaluation(
        actor=archivist, batch=batch, decisions={due[0].pk: "A", due[1].pk: "V"}
    )

    message = services.hand_over(actor=archivist, batch=batch)

    assert message.type_code == "0503" and services.read_message(message)[:2] == b"PK"
    assert (_state(due[0]), _state(due[1])) == (State.HANDED_OVER, State.TO_DESTROY)
    batch.refresh_from_db()
    assert batch.state == DisposalBatch.State.HANDED_OVER
    with pytest.raises(services.DisposalError):
        services.hand_over(actor=archivist, batch=batch)


@pytest.mark.parametrize("state", ["offered", "to_archive", "handed_over"])
def test_deletion_before_destruction_decision_or_receipt_is_refused(archivist, batch, due, state):
    RecordFile.objects.filter(pk=due[0].pk).update(disposal_state=state)
    names = _storage_names(due[0])

    with pytest.raises(services.NotYetReceived):
        services.delete_file(actor=archivist, record_file=due[0])

    assert RecordFile.objects.filter(pk=due[0].pk).exists()
    assert all(default_storage.exists(name) for name in names)
    assert not DeletionProtocol.objects.exists()


def test_full_process_deletes_for_real(archivist, batch, due, django_capture_on_commit_callbacks):
    kept, destroyed = due
    services.import_evaluation(
        actor=archivist,
        batch=batch,
        data=archive_evaluation(batch.pk, {kept.pk: "A", destroyed.pk: "V"}),
    )
    handover = services.hand_over(actor=archivist, batch=batch)
    services.import_receipt(actor=archivist, batch=batch, data=archive_receipt(batch.pk, "0507"))
    assert _state(kept) == State.RECEIVED
    names = {f.pk: _storage_names(f) for f in due}
    assert all(len(n) == 4 for n in names.values())  # 2 procedures × 1 document × 2 versions
    stored_ids = list(
        DocumentVersion.objects.filter(document__procedure__file__in=due).values_list(
            "stored_file", flat=True
        )
    )

    with django_capture_on_commit_callbacks(execute=True):
        protocols = services.delete_due_files(actor=archivist, batch=batch)

    assert len(protocols) == 2
    for record_file in due:
        assert not RecordFile.objects.filter(pk=record_file.pk).exists()
        assert not any(default_storage.exists(name) for name in names[record_file.pk])
        assert not SearchEntry.objects.filter(file_id=record_file.pk).exists()
    assert not StoredFile.objects.filter(pk__in=stored_ids).exists()
    assert not Procedure.objects.filter(file_id__in=[f.pk for f in due]).exists()
    assert not Document.objects.filter(procedure__file_id__in=[f.pk for f in due]).exists()
    assert not ProcedureNote.objects.filter(procedure__file_id__in=[f.pk for f in due]).exists()
    assert not DocumentVersion.objects.filter(stored_file_id__in=stored_ids).exists()
    # The hand-over carried the content: its bytes are gone, the message row is kept.
    handover.refresh_from_db()
    assert not handover.has_content and not default_storage.exists(handover.storage_name)
    assert not any(
        default_storage.exists(m.storage_name) for m in DisposalMessage.objects.filter(batch=batch)
    )
    batch.refresh_from_db()
    assert batch.state == DisposalBatch.State.COMPLETED

    by_file = {p.file_id: p for p in DeletionProtocol.objects.all()}
    protocol = by_file[kept.pk]
    assert protocol.file_reference == kept.reference
    assert protocol.plan_code == kept.plan_entry.code
    assert protocol.closed_on == kept.closed_on
    assert protocol.retention_ends_on == kept.retention_ends_on
    assert (protocol.procedure_count, protocol.document_count, protocol.version_count) == (
        2,
        2,
        4,
    )
    assert "Kreisarchiv Darmstadt-Dieburg" in protocol.basis and str(batch.pk) in protocol.basis
    assert "0507" in protocol.basis
    assert "evaluation V" in by_file[destroyed.pk].basis
    assert protocol.deleted_by == archivist and protocol.deleted_by_name == "Anke Archiv"
    assert protocol.disposal_batch_id == batch.pk


def test_deletion_audit_holds_no_titles(archivist, batch, due, django_capture_on_commit_callbacks):
    services.record_evaluation(
        actor=archivist, batch=batch, decisions={due[0].pk: "V", due[1].pk: "V"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.delete_due_files(actor=archivist, batch=batch)

    entries = AuditEntry.objects.filter(summary__startswith="disposal") | AuditEntry.objects.filter(
        summary="file deleted after disposal"
    )
    assert entries.filter(action="delete").count() == 2
    for entry in entries:
        text = f"{entry.object_repr} {entry.summary} {entry.changes}"
        assert "Bauakte" not in text and "Bauantrag" not in text and "Schreiben" not in text


def test_import_confirmation_0506_returns_refused_files(archivist, batch, due):
    services.record_evaluation(
        actor=archivist, batch=batch, decisions={due[0].pk: "A", due[1].pk: "A"}
    )
    services.hand_over(actor=archivist, batch=batch)
    data = archive_import_confirmation(
        batch.pk, accepted=[due[0].pk], rejected={due[1].pk: "Primärdatei unlesbar"}
    )

    result = services.import_receipt(actor=archivist, batch=batch, data=data)

    assert result["received"] == 1
    assert result["rejected"] == {due[1].reference: "Primärdatei unlesbar"}
    assert (_state(due[0]), _state(due[1])) == (State.RECEIVED, State.TO_ARCHIVE)
    with pytest.raises(services.NotYetReceived):
        services.delete_file(actor=archivist, record_file=due[1])


def test_offer_receipt_0504_only_is_kept(archivist, batch, due):
    result = services.import_receipt(
        actor=archivist, batch=batch, data=archive_receipt(batch.pk, "0504")
    )
    assert result["received"] == 0
    assert {_state(f) for f in due} == {State.OFFERED}
    assert batch.messages.filter(direction="in", type_code="0504").exists()


def test_receipt_confirmed_by_hand(archivist, batch, due):
    services.record_evaluation(
        actor=archivist, batch=batch, decisions={due[0].pk: "A", due[1].pk: "V"}
    )
    with pytest.raises(services.DisposalError):
        services.confirm_receipt(actor=archivist, batch=batch)
    services.hand_over(actor=archivist, batch=batch)

    assert services.confirm_receipt(actor=archivist, batch=batch) == 1

    assert _state(due[0]) == State.RECEIVED
    batch.refresh_from_db()
    assert batch.state == DisposalBatch.State.RECEIVED and batch.receipt_at
