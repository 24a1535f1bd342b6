"""Test data for xdomea: a file with procedures, notes, documents and versions, a route,
and the archive's side of the disposal process (0502, 0504, 0506, 0507) as an archive
system would send it back."""

import io
import uuid
import zipfile

import factory
import pytest
from django.utils import timezone
from lxml import etree

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.records.models import DisposalBatch, Route, RouteStep
from rathaus.records.xdomea.common import (
    MESSAGE_NAMES,
    NS,
    SCHEMA_FILE,
    code,
    new_message,
    sub,
    to_bytes,
    xml_name,
)

from .factories import (
    DocumentFactory,
    ProcedureFactory,
    ProcedureNoteFactory,
    RecordFileFactory,
    add_version,
)

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class DisposalBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisposalBatch


class RouteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Route

    procedure = factory.SubFactory(ProcedureFactory)
    subject = "Mitzeichnung Bescheid"


class RouteStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RouteStep

    route = factory.SubFactory(RouteFactory)
    position = 1
    kind = RouteStep.Kind.COSIGN


def full_file(*, unit, plan_entry, user=None, procedures=2, documents=2, route_to=None, **fields):
    """A file with ``procedures`` procedures with a note each and ``documents`` documents
    with two versions each (real stored content), plus an audit entry; with ``route_to``
    (a person) the first procedure went round for co-signing."""
    record_file = RecordFileFactory(unit=unit, plan_entry=plan_entry, created_by=user, **fields)
    record(action=AuditEntry.Action.CREATE, actor=user, obj=record_file, summary="file")
    for p in range(1, procedures + 1):
        procedure = ProcedureFactory(file=record_file, number=p, title=f"Bauantrag {p}")
        ProcedureNoteFactory(procedure=procedure, text=f"Ortstermin {p} vereinbart.", author=user)
        for d in range(1, documents + 1):
            document = DocumentFactory(procedure=procedure, title=f"Schreiben {p}.{d}")
            add_version(document, f"Entwurf {p}.{d}".encode(), name=f"brief-{d}.txt", user=user)
            add_version(document, PDF + f"% {p}.{d}".encode(), name=f"Brief {d}.pdf", user=user)
        if route_to is not None and p == 1:
            route = RouteFactory(procedure=procedure, started_by=user, state=Route.State.COMPLETED)
            RouteStepFactory(
                route=route,
                assigned_user=route_to,
                state=RouteStep.State.APPROVED,
                decided_by=route_to,
                decided_at=timezone.now(),
                comment="Einverstanden.",
            )
    return record_file


# The archive's side -------------------------------------------------------------------


def _archive(parent, name):
    contact = sub(parent, name)
    institution = sub(contact, "Institution")
    sub(institution, "Name", "Kreisarchiv Darmstadt-Dieburg")
    return contact


def _town(parent, name):
    contact = sub(parent, name)
    institution = sub(contact, "Institution")
    sub(institution, "Name", "Stadt Weiterstadt")
    return contact


def _archive_message(type_code: str, process_id):
    return new_message(type_code, process_id, sender=_archive, recipient=_town)


def _as_zip(root, process_id, type_code: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(xml_name(process_id, type_code), to_bytes(root))
    return buffer.getvalue()


def archive_evaluation(process_id, decisions: dict, *, as_zip: bool = True) -> bytes:
    """Aussonderung.Bewertungsverzeichnis.0502: object id → "A", "V" (or "B")."""
    root, head = _archive_message("0502", process_id)
    sub(head, "Empfangsbestaetigung", True)
    for object_id, decision in decisions.items():
        item = sub(root, "BewertetesObjekt")
        sub(item, "ID", str(object_id))
        code(sub(item, "Aussonderungsart"), "Aussonderungsart", decision)
    return _as_zip(root, process_id, "0502") if as_zip else to_bytes(root)


def archive_receipt(process_id, type_code: str = "0504") -> bytes:
    """0504 (offer received) or 0507 (hand-over received): a header only."""
    root, _head = _archive_message(type_code, process_id)
    return _as_zip(root, process_id, type_code)


def archive_import_confirmation(process_id, accepted=(), rejected=None) -> bytes:
    """Aussonderung.AussonderungImportBestaetigen.0506: per object imported or not."""
    root, _head = _archive_message("0506", process_id)
    for object_id in accepted:
        item = sub(root, "AusgesondertesSGO")
        sub(item, "IDSGO", str(object_id))
        sub(item, "Erfolgreich", True)
        sub(item, "Archivkennung", f"KrA DA-DI Best. 12 Nr. {str(object_id)[:4]}")
    for object_id, reason in (rejected or {}).items():
        item = sub(root, "AusgesondertesSGO")
        sub(item, "IDSGO", str(object_id))
        sub(item, "Erfolgreich", False)
        sub(item, "Fehlermeldung", reason)
    return _as_zip(root, process_id, "0506")


def message_xml(content: bytes) -> tuple[etree._Element, zipfile.ZipFile]:
    """The XML root and the zip of a produced message."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    names = [n for n in archive.namelist() if n.endswith(".xml")]
    assert len(names) == 1, names
    return etree.fromstring(archive.read(names[0])), archive


def rezip(content: bytes, *, replace: dict | None = None, add: dict | None = None) -> bytes:
    """The same zip with some members replaced or added (to tamper with a message)."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = (replace or {}).get(info.filename, source.read(info.filename))
            target.writestr(info.filename, data)
        for name, data in (add or {}).items():
            target.writestr(name, data)
    return buffer.getvalue()


XD = {"xdomea": NS}
ROOTS = {code: f"{{{NS}}}{name}" for code, name in MESSAGE_NAMES.items()}
NEW_ID = uuid.uuid4


@pytest.fixture(scope="session", name="xdomea_schema")
def xdomea_schema_fixture():
    """The xdomea 3.1.0 schema, loaded once per test session."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


def assert_valid(xsd, root) -> None:
    if not xsd.validate(root):
        raise AssertionError("\n".join(str(error) for error in xsd.error_log))
