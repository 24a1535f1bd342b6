"""Export of a whole file as an xdomea message (Abgabe.Abgabe.0401), and of a co-signing
route as a Geschäftsgang (Geschaeftsgang.Geschaeftsgang.0201)."""

import uuid
from functools import partial

from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record

from ..models import Document, DocumentVersion, RecordFile, Route
from .common import Message, MessageError, new_message, sub, town_contact, zip_message
from .objects import Content, akte, dokument, files_for_export, geschaeftsgang, load_history

HANDING_OVER = "0401"
ROUTING = "0201"


def _nobody(parent, name: str):
    """The recipient of a plain export is not known yet: an empty contact."""
    return sub(parent, name)


def export_file(record_file: RecordFile, actor) -> Message:
    """The file with its procedures, documents, all versions (content checked against
    its SHA-256), notes and history as ``<ProzessID>_0401_1.zip``. Audited."""
    if not RecordFile.objects.visible_to(actor).filter(pk=record_file.pk).exists():
        raise MessageError(_("You cannot export this file."))
    process_id = uuid.uuid4()
    root, head = new_message(
        HANDING_OVER,
        process_id,
        sender=partial(town_contact, town=record_file.town),
        recipient=_nobody,
        note=f"{record_file.reference} {record_file.title}",
    )
    sub(head, "Importbestaetigung", "1")
    sub(head, "Empfangsbestaetigung", False)
    records = list(files_for_export([record_file]))
    content = Content(history=load_history(records))
    akte(sub(root, "Schriftgutobjekt"), "Akte", records[0], content)
    message = zip_message(root, process_id, HANDING_OVER, content.primary_files)
    with transaction.atomic():
        record(
            action=AuditEntry.Action.OTHER,
            actor=actor,
            obj=record_file,
            summary="xdomea export",
            changes={"process_id": str(process_id), "filename": message.filename},
        )
    return message


def build_routing(route: Route) -> Message:
    """Geschaeftsgang.Geschaeftsgang.0201: the route's steps as Beteiligungsschritte and
    the routed document (or the procedure's documents) as Hauptobjekt, with content."""
    route = (
        Route.objects.select_related("procedure__file__town", "started_by")
        .prefetch_related("steps", "steps__assigned_user", "steps__assigned_unit")
        .get(pk=route.pk)
    )
    procedure = route.procedure
    documents = Document.objects.filter(procedure=procedure).select_related("created_by")
    if route.document_id:
        documents = documents.filter(pk=route.document_id)
    versions = DocumentVersion.objects.select_related("stored_file", "created_by", "document")
    documents = list(
        documents.prefetch_related(Prefetch("versions", versions.order_by("number"))).order_by(
            "created_at"
        )
    )
    if not documents:
        raise MessageError(_("The route has no document to send."))
    town = procedure.file.town
    root, head = new_message(
        ROUTING,
        route.pk,
        sender=partial(town_contact, town=town),
        recipient=partial(town_contact, town=town),
        note=route.subject,
    )
    sub(head, "EmpfangsbestaetigungAnInitiator", False)
    sub(head, "EmpfangsbestaetigungAnVorgaenger", False)
    main = sub(root, "Hauptobjekt")
    content = Content(with_history=False)
    for number, document in enumerate(documents, start=1):
        dokument(main, "Dokument", document, content, number=number)
    geschaeftsgang(root, "ExternerGeschaeftsgang", route)
    return zip_message(root, route.pk, ROUTING, content.primary_files)
