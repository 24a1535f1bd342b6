"""Import of an incoming hand-over (Aussonderung.Aussonderung.0503 or Abgabe.Abgabe.0401)
into a new file: procedures, documents and every version with its content.

Everything is read and checked before anything is stored: the zip (no paths outside the
message, size limits), the schema, every primary document against the SHA-256 our own
exports declare, and every content type against the upload allow-list. A refusal stores
nothing.
"""

import hashlib
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.uploads.exceptions import UploadError
from rathaus.core.uploads.kinds import KINDS
from rathaus.core.uploads.services import store_upload

from ..models import (
    Document,
    DocumentVersion,
    Procedure,
    ProcedureNote,
    RecordFile,
)
from ..querysets import member_unit_ids
from ..services.references import next_reference
from ..text_extraction import OCR_TYPES, extract_text
from .common import IncomingMessage, MessageError, ext, q, read_message

ACCEPTED_TYPES = {"0503", "0401"}


@dataclass
class IncomingVersion:
    original_name: str
    content: bytes


@dataclass
class IncomingDocument:
    title: str
    kind: str = Document.Kind.INCOMING
    received_on: date | None = None
    has_personal_data: bool = False
    versions: list[IncomingVersion] = field(default_factory=list)


@dataclass
class IncomingNote:
    text: str
    created_at: datetime | None = None


@dataclass
class IncomingProcedure:
    title: str
    done: bool = False
    documents: list[IncomingDocument] = field(default_factory=list)
    notes: list[IncomingNote] = field(default_factory=list)


@dataclass
class IncomingFile:
    title: str = ""
    description: str = ""
    has_personal_data: bool = False
    procedures: list[IncomingProcedure] = field(default_factory=list)
    loose_documents: list[IncomingDocument] = field(default_factory=list)

    @property
    def all_procedures(self) -> list[IncomingProcedure]:
        if not self.loose_documents:
            return self.procedures
        loose = IncomingProcedure(
            title=gettext("Documents without procedure"), documents=self.loose_documents
        )
        return [*self.procedures, loose]


def _text(element, path: str) -> str:
    return (element.findtext(path) or "").strip()


def _date(text: str):
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _has_personal_data(element) -> bool:
    path = f"{q('AnwendungsspezifischeErweiterungXML')}/{ext('PersonenbezogeneDaten')}"
    return element.find(path) is not None


class _Reader:
    """Turns the message's Schriftgutobjekte into the structure of one new file."""

    def __init__(self, message: IncomingMessage):
        self.message = message
        self.file = IncomingFile()

    def read(self) -> IncomingFile:
        for item in self.message.root.iterfind(q("Schriftgutobjekt")):
            for child in item:
                kind = child.tag
                if kind == q("Akte"):
                    self._akte(child)
                elif kind == q("Vorgang"):
                    self.file.procedures.append(self._vorgang(child))
                elif kind == q("Dokument"):
                    self.file.loose_documents.append(self._dokument(child))
        if not self.file.title:
            first = self.file.procedures[0].title if self.file.procedures else ""
            self.file.title = first or gettext("Imported file")
        return self.file

    def _akte(self, element) -> None:
        meta = q("AllgemeineMetadaten")
        if not self.file.title:
            self.file.title = _text(element, f"{meta}/{q('Betreff')}")
            self.file.description = _text(element, f"{meta}/{q('Bemerkung')}")
        self.file.has_personal_data |= _has_personal_data(element)
        inside = element.find(q("Akteninhalt"))
        if inside is None:
            return
        for document in inside.iterfind(q("Dokument")):
            self.file.loose_documents.append(self._dokument(document))
        for procedure in inside.iterfind(q("Vorgang")):
            self.file.procedures.append(self._vorgang(procedure))
        for part in inside.iterfind(q("Teilakte")):
            self._akte(part)

    def _vorgang(self, element) -> IncomingProcedure:
        procedure = IncomingProcedure(
            title=_text(element, f"{q('AllgemeineMetadaten')}/{q('Betreff')}")
            or gettext("Procedure without subject"),
            done=_text(element, q("ZdA")) in ("1", "true"),
        )
        self._contents(element, procedure)
        notes_path = f"{q('AnwendungsspezifischeErweiterungXML')}/{ext('Vermerk')}"
        for note in element.iterfind(notes_path):
            created = note.get("DatumUhrzeit")
            try:
                created_at = datetime.fromisoformat(created) if created else None
            except ValueError:
                created_at = None
            if (note.text or "").strip():
                procedure.notes.append(IncomingNote(text=note.text.strip(), created_at=created_at))
        return procedure

    def _contents(self, element, procedure: IncomingProcedure) -> None:
        for document in element.iterfind(q("Dokument")):
            procedure.documents.append(self._dokument(document))
        for part in element.iterfind(q("Teilvorgang")):
            self._contents(part, procedure)

    def _dokument(self, element) -> IncomingDocument:
        kind = _text(element, q("Typ"))
        document = IncomingDocument(
            title=_text(element, f"{q('AllgemeineMetadaten')}/{q('Betreff')}")
            or gettext("Document without title"),
            kind=kind if kind in Document.Kind.values else Document.Kind.INCOMING,
            received_on=_date(_text(element, q("Posteingangsdatum"))),
            has_personal_data=_has_personal_data(element),
        )
        declared = {
            item.get("Dateiname"): (item.get("SHA256") or "").lower()
            for item in element.iterfind(
                f"{q('AnwendungsspezifischeErweiterungXML')}/{ext('Version')}"
            )
        }
        versions = sorted(
            element.iterfind(q("Version")), key=lambda v: _number(_text(v, q("Nummer")))
        )
        for version in versions:
            primary = version.find(f"{q('Format')}/{q('Primaerdokument')}")
            name = _text(primary, q("Dateiname"))
            content = self.message.member(name)
            expected = declared.get(name)
            if expected and hashlib.sha256(content).hexdigest() != expected:
                raise MessageError(
                    format_lazy(
                        _(
                            "The content of {name} does not match its SHA-256 checksum: "
                            "the message was altered or damaged. Nothing was imported."
                        ),
                        name=name,
                    )
                )
            original = _text(primary, q("DateinameOriginal")) or name.partition("_")[2] or name
            document.versions.append(IncomingVersion(original_name=original, content=content))
        return document


def _number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        return 0


def import_handover(data: bytes, *, unit, plan_entry, actor) -> RecordFile:
    """Create a new file from an incoming 0503 or 0401 message. Audited; refuses a
    tampered, broken or oversized message and stores nothing then."""
    if unit.pk not in member_unit_ids(actor):
        raise MessageError(_("You can only import into a unit you work in."))
    if plan_entry.is_retired:
        raise MessageError(_("This file plan position is retired; choose an active one."))
    message = read_message(data, ACCEPTED_TYPES)
    incoming = _Reader(message).read()
    stored_names: list[str] = []
    try:
        with transaction.atomic():
            record_file = _create(
                incoming, unit=unit, plan_entry=plan_entry, actor=actor, stored_names=stored_names
            )
            record(
                action=AuditEntry.Action.CREATE,
                actor=actor,
                obj=record_file,
                summary="imported from xdomea",
                changes={
                    "process_id": str(message.process_id),
                    "message_type": message.type_code,
                    "procedures": record_file.procedures.count(),
                    "documents": Document.objects.filter(procedure__file=record_file).count(),
                },
            )
    except BaseException:
        for name in stored_names:
            default_storage.delete(name)
        raise
    return record_file


def _create(incoming: IncomingFile, *, unit, plan_entry, actor, stored_names) -> RecordFile:
    year = timezone.localdate().year
    number, reference = next_reference(unit=unit, plan_entry=plan_entry, year=year)
    record_file = RecordFile.objects.create(
        plan_entry=plan_entry,
        unit=unit,
        reference=reference,
        year=year,
        number=number,
        title=incoming.title[:300],
        description=incoming.description,
        has_personal_data=incoming.has_personal_data,
        created_by=actor,
    )
    for position, item in enumerate(incoming.all_procedures, start=1):
        procedure = Procedure.objects.create(
            file=record_file,
            number=position,
            title=item.title[:300],
            state=Procedure.State.DONE if item.done else Procedure.State.OPEN,
            assigned_unit=unit,
            created_by=actor,
        )
        for note in item.notes:
            ProcedureNote.objects.create(
                procedure=procedure,
                text=note.text,
                author=None,
                created_at=note.created_at or timezone.now(),
            )
        for entry in item.documents:
            _create_document(entry, procedure=procedure, actor=actor, stored_names=stored_names)
    return record_file


def _create_document(entry: IncomingDocument, *, procedure, actor, stored_names) -> Document:
    document = Document.objects.create(
        procedure=procedure,
        title=entry.title[:300],
        kind=entry.kind,
        received_on=entry.received_on,
        has_personal_data=entry.has_personal_data,
        created_by=actor,
    )
    version = None
    for number, incoming in enumerate(entry.versions, start=1):
        try:
            stored = store_upload(
                uploaded_file=ContentFile(incoming.content, name=incoming.original_name),
                kinds=set(KINDS),
                uploaded_by=actor,
            )
        except UploadError as error:
            raise MessageError(
                format_lazy(
                    _("The document “{title}” ({name}) cannot be imported: {reason}"),
                    title=entry.title,
                    name=incoming.original_name,
                    reason=error.message,
                )
            ) from None
        stored_names.append(stored.storage_name)
        text = extract_text(incoming.content, stored.content_type)
        version = DocumentVersion.objects.create(
            id=uuid.uuid4(),
            document=document,
            number=number,
            stored_file=stored,
            original_name=stored.original_name,
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            text=text or "",
            text_state=_text_state(text, stored.content_type),
            created_by=actor,
        )
    if version is not None:
        document.current_version = version
        document.save(update_fields=["current_version"])
        if version.text_state == DocumentVersion.TextState.PENDING:
            # Only the current version is read for search; a scan gets its OCR job.
            version_id = version.pk
            transaction.on_commit(lambda: _recognise(version_id, actor))
    return document


def _text_state(text: str | None, content_type: str) -> str:
    if text:
        return DocumentVersion.TextState.DONE
    if content_type in OCR_TYPES:
        return DocumentVersion.TextState.PENDING
    return DocumentVersion.TextState.NONE


def _recognise(version_id, actor) -> None:
    from ..services.documents import start_text_recognition

    start_text_recognition(actor=actor, version=DocumentVersion.objects.get(pk=version_id))
