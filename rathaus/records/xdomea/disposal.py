"""The disposal messages (Nachrichtengruppe „Aussonderung durchführen“): our offer list
0501, the archive's evaluation 0502, our hand-over 0503 and the archive's receipts
0504 (offer received), 0506 (import confirmed per object) and 0507 (hand-over received).

The disposal batch's id is the ProzessID of every message of one process.
"""

import uuid
from dataclasses import dataclass, field
from functools import partial

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import DisposalBatch, Procedure, RecordFile, RecordsSettings
from .common import (
    Message,
    MessageError,
    archive_contact,
    new_message,
    q,
    read_message,
    require_process,
    sub,
    town_contact,
    zip_message,
)
from .objects import Content, akte, files_for_export, load_history

OFFER = "0501"
EVALUATION = "0502"
HANDOVER = "0503"
OFFER_RECEIVED = "0504"
IMPORT_CONFIRMED = "0506"
HANDOVER_RECEIVED = "0507"
ARCHIVE = "A"
DESTROY = "V"


@dataclass
class Receipt:
    """What an archive's receipt says: for 0506 which objects it imported and which not."""

    process_id: uuid.UUID
    type_code: str
    accepted_ids: set[uuid.UUID] = field(default_factory=set)
    rejected: dict[uuid.UUID, str] = field(default_factory=dict)
    archive_ids: dict[uuid.UUID, str] = field(default_factory=dict)


def _town_to_archive(batch: DisposalBatch, type_code: str):
    settings = RecordsSettings.current()
    return new_message(
        type_code,
        batch.pk,
        sender=partial(town_contact, town=batch.town),
        recipient=partial(archive_contact, records_settings=settings),
    )


def _require_files(files) -> list[RecordFile]:
    files = list(files)
    if not files:
        raise MessageError(_("There are no files for this message."))
    return files


def build_offer(batch: DisposalBatch, files) -> Message:
    """Aussonderung.Anbieteverzeichnis.0501: the files offered, with their metadata
    (procedures and documents, no content), asking for a receipt (0504)."""
    files = _require_files(files)
    root, head = _town_to_archive(batch, OFFER)
    sub(head, "Empfangsbestaetigung", True)
    content = Content(with_versions=False, with_history=False)
    for record_file in files_for_export(files):
        akte(sub(root, "Schriftgutobjekt"), "Akte", record_file, content)
    return zip_message(root, batch.pk, OFFER)


def build_handover(batch: DisposalBatch, files) -> Message:
    """Aussonderung.Aussonderung.0503: the files the archive takes, with every version's
    content (read through the storage, checked against its SHA-256), notes and history."""
    files = _require_files(files)
    root, head = _town_to_archive(batch, HANDOVER)
    sub(head, "Importbestaetigung", "1")
    sub(head, "RueckmeldungArchivkennung", True)
    sub(head, "Empfangsbestaetigung", True)
    records = list(files_for_export(files))
    content = Content(history=load_history(records))
    for record_file in records:
        akte(sub(root, "Schriftgutobjekt"), "Akte", record_file, content)
    return zip_message(root, batch.pk, HANDOVER, content.primary_files)


def parse_evaluation(data: bytes, batch: DisposalBatch) -> dict[uuid.UUID, str]:
    """Read the archive's Bewertungsverzeichnis (0502): file id → "A" (archive) or "V"
    (destroy).

    An evaluation may name files or their procedures; procedures decide for their file
    ("A" if any of them is to be archived). Files of the batch the archive did not
    evaluate are left out of the result. Refused: another process, an object that is
    not part of the batch, "B" (no decision).
    """
    message = read_message(data, {EVALUATION})
    require_process(message, batch.pk)
    file_ids = set(RecordFile.objects.filter(disposal_batch=batch).values_list("pk", flat=True))
    procedure_files = dict(
        Procedure.objects.filter(file__disposal_batch=batch).values_list("pk", "file_id")
    )
    by_file: dict[uuid.UUID, str] = {}
    by_procedure: dict[uuid.UUID, set[str]] = {}
    for item in message.root.iterfind(q("BewertetesObjekt")):
        object_id = uuid.UUID(item.findtext(q("ID")))
        decision = (
            item.findtext(f"{q('Aussonderungsart')}/{q('Aussonderungsart')}/code")
            or item.findtext(f"{q('Aussonderungsart')}/{q('AussonderungsartKonfigurierbar')}")
            or ""
        ).strip()
        if decision not in (ARCHIVE, DESTROY):
            raise MessageError(
                format_lazy(
                    _("The evaluation of {id} is “{decision}”; only A or V can be processed."),
                    id=object_id,
                    decision=decision,
                )
            )
        if object_id in file_ids:
            by_file[object_id] = decision
        elif object_id in procedure_files:
            by_procedure.setdefault(procedure_files[object_id], set()).add(decision)
        else:
            raise MessageError(
                format_lazy(
                    _("The evaluation names {id}, which was not offered in this process."),
                    id=object_id,
                )
            )
    for file_id, decisions in by_procedure.items():
        by_file.setdefault(file_id, ARCHIVE if ARCHIVE in decisions else DESTROY)
    return by_file


def parse_receipt(data: bytes, batch: DisposalBatch) -> Receipt:
    """Read an archive's receipt: 0504 (offer received), 0507 (hand-over received) or
    0506 (import confirmed, with the objects imported and those refused with reasons)."""
    message = read_message(data, {OFFER_RECEIVED, IMPORT_CONFIRMED, HANDOVER_RECEIVED})
    require_process(message, batch.pk)
    receipt = Receipt(process_id=message.process_id, type_code=message.type_code)
    for item in message.root.iterfind(q("AusgesondertesSGO")):
        object_id = uuid.UUID(item.findtext(q("IDSGO")))
        if item.findtext(q("Erfolgreich")).strip() in ("1", "true"):
            receipt.accepted_ids.add(object_id)
            archive_id = item.findtext(q("Archivkennung"))
            if archive_id:
                receipt.archive_ids[object_id] = archive_id
        else:
            reasons = [(e.text or "").strip() for e in item.iterfind(q("Fehlermeldung"))]
            reasons += [
                (e.findtext("code") or "").strip() for e in item.iterfind(q("FehlermeldungCode"))
            ]
            receipt.rejected[object_id] = "; ".join(r for r in reasons if r) or str(
                _("Not imported (no reason given).")
            )
    return receipt
