"""Disposal (Aussonderung): the archivist offers due files to the archive (0501), records
the archive's evaluation (0502), hands over what it takes (0503), records its receipt
(0504/0506/0507) and then deletes the files for good, keeping a deletion protocol.

Every due file goes through an offer, as the archive law requires. The states of a file:
``offered`` → ``to_archive`` / ``to_destroy`` → (``handed_over`` → ``received``) →
deleted. A file is deleted only when it is ``to_destroy`` or its receipt is confirmed.
The messages of a process are kept (``DisposalMessage``) until the process is completed;
then their content is removed too, as the hand-over carries every document's content.
"""

import hashlib
import logging
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import town_prefix

from .. import xdomea
from ..access import is_archivist
from ..exceptions import RecordsError
from ..models import (
    DeletionProtocol,
    DisposalBatch,
    DisposalMessage,
    Document,
    DocumentVersion,
    Procedure,
    RecordFile,
    RecordsSettings,
    SearchEntry,
)

logger = logging.getLogger(__name__)

State = RecordFile.DisposalState
ARCHIVE = "A"
DESTROY = "V"
DELETABLE = (State.TO_DESTROY, State.RECEIVED)


class DisposalError(RecordsError):
    message = _("This step of the disposal is not possible now.")


class NotArchivist(DisposalError):
    message = _("Only archivists carry out disposal.")


class NothingSelected(DisposalError):
    message = _("Select at least one file.")


class NotDue(DisposalError):
    message = _(
        "Some of the selected files are not due for disposal (any more). Reload the list "
        "and try again."
    )


class NotYetReceived(DisposalError):
    message = _(
        "This file may be deleted only after the archive evaluated it for destruction or "
        "confirmed receipt of its hand-over."
    )


def _require_archivist(actor) -> None:
    if not is_archivist(actor):
        raise NotArchivist


def _lock_batch(batch: DisposalBatch) -> DisposalBatch:
    return DisposalBatch.objects.select_for_update().get(pk=batch.pk)


def _files_in(batch: DisposalBatch, *states):
    files = RecordFile.objects.filter(disposal_batch=batch)
    if states:
        files = files.filter(disposal_state__in=states)
    return files.select_related("plan_entry").order_by("reference")


def _set_state(files, state: str) -> None:
    for record_file in files:
        record_file.disposal_state = state
        record_file.version += 1
        record_file.save(update_fields=["disposal_state", "version"])


def _audit(actor, batch: DisposalBatch, summary: str, changes: dict) -> None:
    """Audit a step of the process: file ids and references only, never titles."""
    record(
        action=AuditEntry.Action.UPDATE, actor=actor, obj=batch, summary=summary, changes=changes
    )


def _refs(files) -> list[str]:
    return [f.reference for f in files]


# Messages -----------------------------------------------------------------------------


def _store_message(
    *, batch, direction, type_code, filename, content: bytes, content_type, actor
) -> DisposalMessage:
    """Keep a message's bytes under the town's prefix; removed again if the row fails."""
    message_id = uuid.uuid4()
    extension = filename.rsplit(".", 1)[-1]
    name = default_storage.save(
        f"{town_prefix(batch.town_id)}xdomea/{batch.pk}/{message_id.hex}.{extension}",
        ContentFile(content),
    )
    try:
        with transaction.atomic():
            return DisposalMessage.objects.create(
                id=message_id,
                batch=batch,
                direction=direction,
                type_code=type_code,
                filename=filename,
                content_type=content_type,
                storage_name=name,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
                created_by=actor,
            )
    except BaseException:
        default_storage.delete(name)
        raise


def _store_outgoing(batch, message: xdomea.Message, actor) -> DisposalMessage:
    return _store_message(
        batch=batch,
        direction=DisposalMessage.Direction.OUT,
        type_code=message.type_code,
        filename=message.filename,
        content=message.content,
        content_type=message.content_type,
        actor=actor,
    )


def _store_incoming(batch, type_code: str, data: bytes, actor) -> DisposalMessage:
    is_zip = data[:4] == b"PK\x03\x04"
    count = batch.messages.filter(type_code=type_code).count() + 1
    return _store_message(
        batch=batch,
        direction=DisposalMessage.Direction.IN,
        type_code=type_code,
        filename=f"{batch.pk}_{type_code}_{count}.{'zip' if is_zip else 'xml'}",
        content=data,
        content_type="application/zip" if is_zip else "application/xml",
        actor=actor,
    )


def read_message(message: DisposalMessage) -> bytes:
    """The stored bytes of a message, checked against their SHA-256."""
    if not message.has_content:
        raise DisposalError(_("The content of this message was deleted with the process."))
    try:
        with default_storage.open(message.storage_name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        data = None
    if data is None or hashlib.sha256(data).hexdigest() != message.sha256:
        raise DisposalError(_("The stored message is damaged or missing."))
    return data


def _purge_messages(batch, *, type_codes=None) -> None:
    """Remove the stored bytes of the process's messages (after commit), keep the rows."""
    messages = batch.messages.filter(content_deleted_at__isnull=True).exclude(storage_name="")
    if type_codes:
        messages = messages.filter(type_code__in=type_codes)
    names = list(messages.values_list("storage_name", flat=True))
    messages.update(content_deleted_at=timezone.now())
    _delete_after_commit(names)


def _delete_after_commit(names) -> None:
    def delete():
        for name in names:
            try:
                default_storage.delete(name)
            except OSError:  # pragma: no cover - reported, the rows are gone already
                logger.exception("Could not delete %s from the storage", name)

    if names:
        transaction.on_commit(delete)


# Offer (0501) -------------------------------------------------------------------------


@transaction.atomic
def create_offer(*, actor, file_ids) -> DisposalBatch:
    """Offer the selected due files to the archive: a new process with its 0501."""
    _require_archivist(actor)
    file_ids = set(file_ids)
    if not file_ids:
        raise NothingSelected
    files = list(
        RecordFile.objects.due_for_disposal()
        .select_for_update(of=("self",))
        .filter(pk__in=file_ids)
        .order_by("reference")
    )
    if len(files) != len(file_ids):
        raise NotDue
    batch = DisposalBatch.objects.create(created_by=actor)
    for record_file in files:
        record_file.disposal_batch = batch
        record_file.disposal_state = State.OFFERED
        record_file.version += 1
        record_file.save(update_fields=["disposal_batch", "disposal_state", "version"])
    message = xdomea.build_offer(batch, files)
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=batch,
        summary="disposal offer (0501)",
        changes={"files": _refs(files), "message": message.filename},
    )
    _store_outgoing(batch, message, actor)
    return batch


# Evaluation (0502) --------------------------------------------------------------------


def _apply_evaluation(actor, batch, decisions: dict, source: str) -> dict:
    files = list(_files_in(batch, State.OFFERED).select_for_update(of=("self",)))
    by_decision = {ARCHIVE: [], DESTROY: []}
    for record_file in files:
        decision = decisions.get(record_file.pk)
        if decision in by_decision:
            by_decision[decision].append(record_file)
    _set_state(by_decision[ARCHIVE], State.TO_ARCHIVE)
    _set_state(by_decision[DESTROY], State.TO_DESTROY)
    pending = len(files) - len(by_decision[ARCHIVE]) - len(by_decision[DESTROY])
    if not pending:
        batch.state = DisposalBatch.State.EVALUATED
        batch.evaluated_at = timezone.now()
        batch.save(update_fields=["state", "evaluated_at"])
    _audit(
        actor,
        batch,
        f"disposal evaluation ({source})",
        {
            "archive": _refs(by_decision[ARCHIVE]),
            "destroy": _refs(by_decision[DESTROY]),
            "not_evaluated": pending,
        },
    )
    return {
        "archive": len(by_decision[ARCHIVE]),
        "destroy": len(by_decision[DESTROY]),
        "pending": pending,
    }


@transaction.atomic
def record_evaluation(*, actor, batch: DisposalBatch, decisions: dict) -> dict:
    """The archivist records the archive's evaluation per file: file id → "A" or "V"."""
    _require_archivist(actor)
    batch = _lock_batch(batch)
    if any(value not in (ARCHIVE, DESTROY) for value in decisions.values()):
        raise DisposalError(_("Choose “archive” or “destroy” for every file."))
    return _apply_evaluation(actor, batch, decisions, "recorded by hand")


@transaction.atomic
def import_evaluation(*, actor, batch: DisposalBatch, data: bytes) -> dict:
    """Read the archive's 0502 and apply it; raises ``xdomea.MessageError`` on bad input."""
    _require_archivist(actor)
    batch = _lock_batch(batch)
    decisions = xdomea.parse_evaluation(data, batch)
    result = _apply_evaluation(actor, batch, decisions, "0502")
    # Stored last: nothing after it can roll the transaction back and orphan the bytes.
    _store_incoming(batch, "0502", data, actor)
    return result


# Hand-over (0503) ---------------------------------------------------------------------


@transaction.atomic
def hand_over(*, actor, batch: DisposalBatch) -> DisposalMessage:
    """Build the 0503 with every file the archive takes and mark them handed over."""
    _require_archivist(actor)
    batch = _lock_batch(batch)
    files = list(_files_in(batch, State.TO_ARCHIVE).select_for_update(of=("self",)))
    if not files:
        raise DisposalError(_("There are no files to hand over in this process."))
    message = xdomea.build_handover(batch, files)
    _set_state(files, State.HANDED_OVER)
    batch.state = DisposalBatch.State.HANDED_OVER
    batch.handed_over_at = timezone.now()
    batch.save(update_fields=["state", "handed_over_at"])
    _audit(
        actor,
        batch,
        "disposal hand-over (0503)",
        {"files": _refs(files), "message": message.filename},
    )
    return _store_outgoing(batch, message, actor)


# Receipt (0504, 0506, 0507) -----------------------------------------------------------


def _mark_received(actor, batch, files, summary: str, changes: dict) -> None:
    _set_state(files, State.RECEIVED)
    batch.state = DisposalBatch.State.RECEIVED
    batch.receipt_at = timezone.now()
    batch.save(update_fields=["state", "receipt_at"])
    _audit(actor, batch, summary, {"files": _refs(files), **changes})


@transaction.atomic
def confirm_receipt(*, actor, batch: DisposalBatch) -> int:
    """The archivist confirms that the archive received every handed-over file."""
    _require_archivist(actor)
    batch = _lock_batch(batch)
    files = list(_files_in(batch, State.HANDED_OVER).select_for_update(of=("self",)))
    if not files:
        raise DisposalError(_("No file of this process waits for a receipt."))
    _mark_received(actor, batch, files, "disposal receipt (confirmed by hand)", {})
    return len(files)


@transaction.atomic
def import_receipt(*, actor, batch: DisposalBatch, data: bytes) -> dict:
    """Read the archive's receipt. 0504 (offer received) is only kept; 0507 (hand-over
    received) confirms every handed-over file; 0506 confirms the files imported and
    returns those refused to "archive takes it over", to be handed over again."""
    _require_archivist(actor)
    batch = _lock_batch(batch)
    receipt = xdomea.parse_receipt(data, batch)
    result = _apply_receipt(actor, batch, receipt)
    _store_incoming(batch, receipt.type_code, data, actor)
    return result


def _apply_receipt(actor, batch, receipt) -> dict:
    result = {"type_code": receipt.type_code, "received": 0, "rejected": {}}
    if receipt.type_code == "0504":
        _audit(actor, batch, "disposal offer receipt (0504)", {})
        return result
    files = list(_files_in(batch, State.HANDED_OVER).select_for_update(of=("self",)))
    if receipt.type_code == "0506":
        rejected = [f for f in files if f.pk in receipt.rejected]
        _set_state(rejected, State.TO_ARCHIVE)
        result["rejected"] = {f.reference: receipt.rejected[f.pk] for f in rejected}
        files = [f for f in files if f.pk in receipt.accepted_ids]
    if files:
        _mark_received(
            actor,
            batch,
            files,
            f"disposal receipt ({receipt.type_code})",
            {"rejected": sorted(result["rejected"])},
        )
    elif result["rejected"]:
        _audit(actor, batch, "disposal receipt (0506)", {"rejected": sorted(result["rejected"])})
    result["received"] = len(files)
    return result


# Deletion -----------------------------------------------------------------------------


def _basis(record_file: RecordFile, batch: DisposalBatch) -> str:
    retention = record_file.retention_ends_on.isoformat() if record_file.retention_ends_on else "-"
    if record_file.disposal_state == State.TO_DESTROY:
        return f"Retention ended {retention}; archive evaluation V in disposal process {batch.pk}"
    settings = RecordsSettings.current()
    archive = settings.archive_name or settings.archive_code or "the archive"
    receipt = (
        batch.messages.filter(direction="in", type_code__in=("0506", "0507"))
        .order_by("-created_at")
        .values_list("type_code", flat=True)
        .first()
    )
    received_on = timezone.localdate(batch.receipt_at).isoformat() if batch.receipt_at else "-"
    how = f"receipt {receipt}" if receipt else "receipt confirmed by the archivist"
    return (
        f"Retention ended {retention}; handed over to {archive} in disposal process "
        f"{batch.pk}, {how} on {received_on}"
    )[:300]


def _actor_name(actor) -> str:
    name = actor.get_full_name() if hasattr(actor, "get_full_name") else ""
    return (name or str(actor.pk))[:200]


@transaction.atomic
def delete_file(*, actor, record_file: RecordFile) -> DeletionProtocol:
    """Delete a file for good: every version's stored content, its procedures, notes,
    documents, routes and search entries, and the file itself; write the protocol."""
    _require_archivist(actor)
    # The process first, then the file: the order every step of the process locks in.
    batch_id = RecordFile.objects.filter(pk=record_file.pk).values_list("disposal_batch", flat=True)
    batch = DisposalBatch.objects.select_for_update().filter(pk__in=batch_id).first()
    record_file = (
        RecordFile.objects.select_for_update(of=("self",))
        .select_related("plan_entry")
        .get(pk=record_file.pk)
    )
    if (
        batch is None
        or record_file.disposal_batch_id != batch.pk
        or record_file.disposal_state not in DELETABLE
    ):
        raise NotYetReceived
    procedures = Procedure.objects.filter(file=record_file)
    documents = Document.objects.filter(procedure__file=record_file)
    versions = DocumentVersion.objects.filter(document__procedure__file=record_file)
    stored_ids = list(versions.exclude(stored_file=None).values_list("stored_file_id", flat=True))
    stored = StoredFile.objects.filter(pk__in=stored_ids)
    storage_names = list(stored.values_list("storage_name", flat=True))
    protocol = DeletionProtocol.objects.create(
        file_id=record_file.pk,
        file_reference=record_file.reference,
        plan_code=record_file.plan_entry.code,
        closed_on=record_file.closed_on,
        retention_ends_on=record_file.retention_ends_on,
        procedure_count=procedures.count(),
        document_count=documents.count(),
        version_count=versions.count(),
        basis=_basis(record_file, batch),
        disposal_batch_id=batch.pk,
        deleted_by=actor,
        deleted_by_name=_actor_name(actor),
    )
    if record_file.disposal_state == State.RECEIVED:
        # The hand-over carries the content of the files it names: it goes with them.
        _purge_messages(batch, type_codes=["0503"])
    SearchEntry.objects.filter(file=record_file).delete()
    # Documents first: a document points at its current version and back.
    Document.objects.filter(procedure__file=record_file).update(current_version=None)
    record_file.delete()
    stored.delete()
    _delete_after_commit(storage_names)
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        object_type=RecordFile._meta.label_lower,
        object_id=str(protocol.file_id),
        object_repr=protocol.file_reference,
        summary="file deleted after disposal",
        changes={
            "protocol": str(protocol.pk),
            "disposal_process": str(batch.pk),
            "procedures": protocol.procedure_count,
            "documents": protocol.document_count,
            "versions": protocol.version_count,
            "stored_files": len(storage_names),
        },
    )
    if not RecordFile.objects.filter(disposal_batch=batch).exists():
        batch.state = DisposalBatch.State.COMPLETED
        batch.save(update_fields=["state"])
        _purge_messages(batch)
        _audit(actor, batch, "disposal process completed", {})
    return protocol


def delete_due_files(*, actor, batch: DisposalBatch) -> list[DeletionProtocol]:
    """Delete every file of the process that may be deleted now, each in its own
    transaction (a failure keeps what was deleted before it)."""
    _require_archivist(actor)
    files = list(_files_in(batch, *DELETABLE))
    if not files:
        raise DisposalError(_("No file of this process may be deleted now."))
    return [delete_file(actor=actor, record_file=f) for f in files]


# Reads --------------------------------------------------------------------------------


def next_steps(counts: dict) -> dict:
    """Which actions the batch page offers."""
    return {
        "evaluate": counts.get(State.OFFERED, 0) > 0,
        "hand_over": counts.get(State.TO_ARCHIVE, 0) > 0,
        "receipt": counts.get(State.HANDED_OVER, 0) > 0,
        "delete": counts.get(State.TO_DESTROY, 0) + counts.get(State.RECEIVED, 0) > 0,
    }


def evaluation_message(result: dict) -> str:
    return format_lazy(
        _("Evaluation recorded: {archive} to archive, {destroy} to destroy, {pending} open."),
        **result,
    )
