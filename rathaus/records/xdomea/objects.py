"""Our records as xdomea Schriftgutobjekte: a file (Akte) with its procedures (Vorgänge),
documents (Dokumente), versions and history (HistorienProtokollInformation).

xdomea 3.1.0 has no element for a version's UUID or checksum nor for notes (Vermerke);
they travel in ``AnwendungsspezifischeErweiterungXML`` in our namespace ``EXT_NS``:
``<rathaus:Version ID=… Nummer=… SHA256=… Groesse=… Dateiname=…/>`` on a document and
``<rathaus:Vermerk ID=… Autor=… DatumUhrzeit=…>text</rathaus:Vermerk>`` on a procedure.
"""

import hashlib
import re
import unicodedata
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from lxml import etree

from rathaus.core.accounts.models import User
from rathaus.core.audit.models import AuditEntry
from rathaus.core.uploads.exceptions import CorruptedFile
from rathaus.core.uploads.services import open_stored

from ..models import Document, DocumentVersion, Procedure, ProcedureNote, RecordFile, Route
from .common import EXT_NS, MessageError, code, ext, sub

# Medium code list: 001 = electronic only.
MEDIUM_ELECTRONIC = "001"
# Dateiformat code list (urn:xoev-de:xdomea:codeliste:dateiformat); the format is named by
# its file extension, which is what the list's entries are.
DATEIFORMAT_LIST_VERSION = "2.0"
# Beteiligungsstatus: 001 future, 002 current, 003 done, 004 skipped.
STEP_STATUS = {
    "waiting": "001",
    "pending": "002",
    "approved": "003",
    "rejected": "003",
    "returned": "003",
    "noted": "003",
    "cancelled": "004",
}


def person(user) -> str:
    """A clerk's name as it appears in the record (never their e-mail address)."""
    if user is None:
        return ""
    return user.get_full_name() or f"#{user.pk}"


def primary_name(version: DocumentVersion) -> str:
    """``<version UUID>_<original name>`` (the schema's stringDateinameType), with the
    original name reduced to safe characters."""
    name = unicodedata.normalize("NFKD", version.original_name or "")
    name = name.encode("ascii", "ignore").decode()
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "content"
    return f"{version.pk}_{name[-100:]}"


def extension_of(version: DocumentVersion) -> str:
    name = version.original_name or ""
    if "." in name:
        return name.rsplit(".", 1)[1].lower()[:10] or "bin"
    if version.stored_file_id and version.stored_file.extension:
        return version.stored_file.extension
    return "bin"


@dataclass
class Content:
    """What to put into a file's Akte; ``primary_files`` collects (name, bytes) pairs."""

    with_versions: bool = True
    with_history: bool = True
    primary_files: list = field(default_factory=list)
    history: dict = field(default_factory=dict)


def files_for_export(files):
    """The files with everything the message needs, in a constant number of queries."""
    return (
        RecordFile.objects.filter(pk__in=[f.pk for f in files])
        .select_related("plan_entry", "unit")
        .prefetch_related(
            Prefetch(
                "procedures",
                Procedure.objects.select_related("assigned_unit", "assigned_to").order_by("number"),
            ),
            Prefetch(
                "procedures__notes",
                ProcedureNote.objects.select_related("author").order_by("created_at"),
            ),
            Prefetch(
                "procedures__documents",
                Document.objects.select_related("created_by").order_by("created_at"),
            ),
            Prefetch(
                "procedures__documents__versions",
                DocumentVersion.objects.select_related("stored_file", "created_by").order_by(
                    "number"
                ),
            ),
            Prefetch(
                "procedures__routes",
                Route.objects.prefetch_related(
                    "steps", "steps__assigned_user", "steps__assigned_unit", "steps__decided_by"
                ).select_related("started_by"),
            ),
        )
        .order_by("reference")
    )


def load_history(files) -> dict:
    """Audit entries about the files and everything in them, by (type, id), oldest first."""
    ids = defaultdict(set)
    for record_file in files:
        ids["records.recordfile"].add(str(record_file.pk))
        for procedure in record_file.procedures.all():
            ids["records.procedure"].add(str(procedure.pk))
            for document in procedure.documents.all():
                ids["records.document"].add(str(document.pk))
    history = defaultdict(list)
    actors = set()
    for object_type, object_ids in ids.items():
        entries = AuditEntry.objects.filter(
            object_type=object_type, object_id__in=object_ids
        ).order_by("sequence")
        for entry in entries:
            history[(entry.object_type, entry.object_id)].append(entry)
            actors.add(entry.actor_id)
    # The trail labels people by id only; the record names the clerks who acted.
    names = {
        str(user.pk): person(user) for user in User.objects.filter(pk__in=[a for a in actors if a])
    }
    for entries in history.values():
        for entry in entries:
            entry.actor_name = names.get(entry.actor_id, entry.actor_label)
    return history


def _is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except (TypeError, ValueError):
        return False
    return True


def _history(parent, entries) -> None:
    for entry in entries:
        item = sub(parent, "HistorienProtokollInformation")
        if len(entry.changes) == 1:
            (name, values), *_rest = entry.changes.items()
            if isinstance(values, list) and len(values) == 2:
                sub(item, "MetadatumName", name)
                sub(item, "MetadatumAlterWert", "" if values[0] is None else values[0])
                sub(item, "MetadatumNeuerWert", "" if values[1] is None else values[1])
        sub(item, "Akteur", getattr(entry, "actor_name", "") or entry.actor_label or "-")
        sub(item, "DatumUhrzeit", entry.timestamp)
        if entry.summary:
            sub(item, "Bemerkung", entry.summary)
        sub(item, "Aktion", entry.action)


def _retention(parent, name: str, years) -> None:
    element = sub(parent, name)
    if years is None:
        sub(element, "Unbefristet", True)
    else:
        sub(element, "AnzahlJahre", years)


def _disposal(parent, name: str, value: str) -> None:
    element = sub(parent, name)
    code(element, "Aussonderungsart", value)


def akte(parent, name: str, record_file: RecordFile, content: Content):
    """Add ``record_file`` as an Akte (AkteType) under ``parent``."""
    element = sub(parent, name)
    ident = sub(element, "Identifikation")
    sub(ident, "ID", str(record_file.pk))
    meta = sub(element, "AllgemeineMetadaten")
    sub(meta, "Betreff", record_file.title)
    sub(meta, "Kennzeichen", record_file.reference)
    sub(meta, "Federfuehrung", str(record_file.unit))
    if record_file.description:
        sub(meta, "Bemerkung", record_file.description)
    code(meta, "Medium", MEDIUM_ELECTRONIC)
    plan = sub(meta, "Aktenplaneinheit")
    sub(plan, "Kennzeichen", record_file.plan_entry.code)
    sub(plan, "BetreffKurz", record_file.plan_entry.title)
    archival = sub(element, "ArchivspezifischeMetadaten")
    _retention(archival, "Aufbewahrungsdauer", record_file.plan_entry.retention_years)
    _disposal(archival, "Aussonderungsart", record_file.plan_entry.disposal)
    if record_file.retention_ends_on:
        sub(archival, "Aufbewahrungsende", record_file.retention_ends_on)
    period = sub(element, "Laufzeit")
    sub(period, "Beginn", record_file.opened_on)
    if record_file.closed_on:
        sub(period, "Ende", record_file.closed_on)
    if content.with_history:
        _history(element, content.history.get(("records.recordfile", str(record_file.pk)), []))
    procedures = list(record_file.procedures.all())
    if procedures:
        inside = sub(element, "Akteninhalt")
        for procedure in procedures:
            vorgang(inside, "Vorgang", procedure, content)
    sub(element, "ZdA", not record_file.is_open)
    if record_file.closed_on:
        sub(element, "ZdADatum", record_file.closed_on)
    if record_file.has_personal_data:
        extension = sub(element, "AnwendungsspezifischeErweiterungXML")
        etree.SubElement(extension, ext("PersonenbezogeneDaten"), nsmap={"rathaus": EXT_NS})
    return element


def vorgang(parent, name: str, procedure: Procedure, content: Content):
    element = sub(parent, name)
    ident = sub(element, "Identifikation")
    sub(ident, "ID", str(procedure.pk))
    sub(ident, "NummerImUebergeordnetenContainer", procedure.number)
    meta = sub(element, "AllgemeineMetadaten")
    sub(meta, "Betreff", procedure.title)
    sub(meta, "Kennzeichen", procedure.reference)
    sub(meta, "Federfuehrung", str(procedure.assigned_unit))
    if procedure.assigned_to_id:
        sub(meta, "Aktenfuehrung", person(procedure.assigned_to))
    sub(element, "ZdA", procedure.state == Procedure.State.DONE)
    period = sub(element, "Laufzeit")
    sub(period, "Beginn", procedure.created_at.date())
    if content.with_history:
        _history(element, content.history.get(("records.procedure", str(procedure.pk)), []))
    routes = list(procedure.routes.all())
    if content.with_history and routes:
        geschaeftsgang(element, "InternerGeschaeftsgang", max(routes, key=lambda r: r.created_at))
    for number, document in enumerate(procedure.documents.all(), start=1):
        dokument(element, "Dokument", document, content, number=number)
    notes = list(procedure.notes.all()) if content.with_history else []
    if notes:
        extension = sub(element, "AnwendungsspezifischeErweiterungXML")
        for note in notes:
            item = etree.SubElement(
                extension,
                ext("Vermerk"),
                nsmap={"rathaus": EXT_NS},
                ID=str(note.pk),
                Autor=person(note.author),
                DatumUhrzeit=note.created_at.isoformat(),
            )
            item.text = note.text
    return element


def dokument(parent, name: str, document: Document, content: Content, *, number: int):
    element = sub(parent, name)
    ident = sub(element, "Identifikation")
    sub(ident, "ID", str(document.pk))
    sub(ident, "NummerImUebergeordnetenContainer", number)
    meta = sub(element, "AllgemeineMetadaten")
    sub(meta, "Betreff", document.title)
    code(meta, "Medium", MEDIUM_ELECTRONIC)
    if document.received_on:
        sub(element, "Posteingangsdatum", document.received_on)
    if document.created_by_id:
        sub(element, "Bearbeiter", person(document.created_by))
    sub(element, "Typ", document.kind)
    if content.with_history:
        _history(element, content.history.get(("records.document", str(document.pk)), []))
    versions = list(document.versions.all()) if content.with_versions else []
    for version in versions:
        _version(element, version, content)
    if versions or document.has_personal_data:
        extension = sub(element, "AnwendungsspezifischeErweiterungXML")
        if document.has_personal_data:
            etree.SubElement(extension, ext("PersonenbezogeneDaten"), nsmap={"rathaus": EXT_NS})
        for version in versions:
            etree.SubElement(
                extension,
                ext("Version"),
                nsmap={"rathaus": EXT_NS},
                ID=str(version.pk),
                Nummer=str(version.number),
                Dateiname=primary_name(version),
                SHA256=version.sha256,
                Groesse=str(version.size),
                MimeType=version.content_type,
                Kommentar=version.comment,
            )
    return element


def _version(parent, version: DocumentVersion, content: Content) -> None:
    data = read_version(version)
    content.primary_files.append((primary_name(version), data))
    element = sub(parent, "Version")
    sub(element, "Nummer", version.number)
    format_ = sub(element, "Format")
    code(format_, "Name", extension_of(version), listVersionID=DATEIFORMAT_LIST_VERSION)
    sub(format_, "Version", "")
    primary = sub(format_, "Primaerdokument")
    sub(primary, "Dateiname", primary_name(version))
    sub(primary, "DateinameOriginal", version.original_name)
    if version.created_by_id:
        sub(primary, "Ersteller", person(version.created_by))
    sub(primary, "DatumUhrzeit", version.created_at)


def read_version(version: DocumentVersion) -> bytes:
    """The version's content through Django's storage, checked against its SHA-256."""
    problem = format_lazy(
        _(
            "Version {number} of the document “{title}” is missing or damaged "
            "(checksum mismatch); nothing was exported."
        ),
        number=version.number,
        title=version.document.title,
    )
    if version.stored_file is None or version.content_deleted_at is not None:
        raise MessageError(problem)
    try:
        handle = open_stored(version.stored_file)
    except CorruptedFile:
        raise MessageError(problem) from None
    with handle:
        data = handle.read()
    if hashlib.sha256(data).hexdigest() != version.sha256:
        raise MessageError(problem)
    return data


def geschaeftsgang(parent, name: str, route: Route):
    """A route (Umlauf) as GeschaeftsgangType: one Beteiligungsschritt per step."""
    element = sub(parent, name)
    ident = sub(element, "Identifikation")
    sub(ident, "ID", str(route.pk))
    steps = sorted(route.steps.all(), key=lambda step: (step.position, str(step.pk)))
    if not steps:
        raise MessageError(_("The route has no steps."))
    for step in steps:
        item = sub(element, "Beteiligungsschritt")
        sub(item, "Nummer", step.position)
        code(item, "Status", STEP_STATUS.get(step.state, "001"))
        order = sub(item, "Verfuegung")
        creator = sub(order, "Ersteller")
        _person_contact(creator, route.started_by)
        addressee = sub(order, "Adressat")
        if step.assigned_user_id:
            _person_contact(addressee, step.assigned_user)
        else:
            unit = sub(addressee, "Organisationseinheit")
            sub(unit, "Name", str(step.assigned_unit))
        sub(order, "Erstellungsdatum", route.created_at.date())
        sub(order, "Verfuegung", str(step.get_kind_display()))
        if step.due_on:
            sub(order, "TerminDatum", step.due_on)
        if route.instructions:
            sub(order, "Notiz", route.instructions)
        if step.decided_at:
            done = sub(item, "Bearbeitung")
            _person_contact(sub(done, "Bearbeiter"), step.decided_by)
            sub(done, "Datum", step.decided_at.date())
            sub(done, "Vermerk", str(step.get_state_display()))
            if step.comment:
                sub(done, "Notiz", step.comment)
    return element


def _person_contact(contact, user) -> None:
    if user is None:
        return
    name = sub(contact, "Name")
    if user.family_name:
        sub(sub(name, "Familienname"), "Name", user.family_name)
    if user.given_name:
        sub(sub(name, "Vorname"), "Name", user.given_name)
