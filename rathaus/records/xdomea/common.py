"""What every xdomea message needs: the namespace, the message header (Nachrichtenkopf),
the zip container, the schema and the safe reading of incoming messages."""

import io
import re
import uuid
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from lxml import etree

from ..exceptions import RecordsError

NS = "urn:xoev-de:xdomea:schema:3.1.0"
# Our own metadata that xdomea 3.1.0 has no element for (a UUID and SHA-256 per version,
# notes), carried in AnwendungsspezifischeErweiterungXML as the standard intends.
EXT_NS = "urn:rathaus:xdomea:erweiterung:1"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
NSMAP = {"xdomea": NS}
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
SCHEMA_FILE = SCHEMA_DIR / "3.1.0" / "xdomea.xsd"
PRODUCT = "Rathaus"

# Nachrichtentyp code list (urn:xoev-de:xdomea:codeliste:nachrichtentyp, version 2.0).
MESSAGE_NAMES = {
    "0201": "Geschaeftsgang.Geschaeftsgang.0201",
    "0401": "Abgabe.Abgabe.0401",
    "0402": "Abgabe.ImportBestaetigen.0402",
    "0501": "Aussonderung.Anbieteverzeichnis.0501",
    "0502": "Aussonderung.Bewertungsverzeichnis.0502",
    "0503": "Aussonderung.Aussonderung.0503",
    "0504": "Aussonderung.AnbietungEmpfangBestaetigen.0504",
    "0505": "Aussonderung.BewertungEmpfangBestaetigen.0505",
    "0506": "Aussonderung.AussonderungImportBestaetigen.0506",
    "0507": "Aussonderung.AussonderungEmpfangBestaetigen.0507",
}
# The schema file of each message group, named in the root's xsi:schemaLocation.
SCHEMA_FILES = {
    "02": "xdomea-Nachrichten-GeschaeftsgangDurchfuehren.xsd",
    "04": "xdomea-Nachrichten-AbgabeDurchfuehren.xsd",
    "05": "xdomea-Nachrichten-AussonderungDurchfuehren.xsd",
}
DEFAULT_MAX_MESSAGE_BYTES = 512 * 1024 * 1024
MAX_MEMBERS = 20_000
UUID_TEXT = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
MESSAGE_XML_NAME = re.compile(rf"^({UUID_TEXT})_(\d{{4}})(_\d+)?\.xml$")


class MessageError(RecordsError):
    """An xdomea message cannot be built or is refused (broken, foreign, tampered)."""

    message = _("The xdomea message cannot be processed.")


@dataclass
class Message:
    """One produced message: a zip (or XML) ready to send or download."""

    filename: str
    content: bytes
    content_type: str
    process_id: uuid.UUID
    type_code: str


def q(name: str) -> str:
    return f"{{{NS}}}{name}"


def ext(name: str) -> str:
    return f"{{{EXT_NS}}}{name}"


@cache
def schema() -> etree.XMLSchema:
    """The xdomea 3.1.0 schema (loaded once per process)."""
    return etree.XMLSchema(etree.parse(str(SCHEMA_FILE)))


def sub(parent, name: str, text=None, **attributes):
    """Append ``<xdomea:name>`` with ``text`` (dates, booleans and numbers as XML values)."""
    element = etree.SubElement(parent, q(name), **attributes)
    if text is not None:
        element.text = xml_value(text)
    return element


def xml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(str(value))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """XML 1.0 cannot carry control characters; they never belong in metadata anyway."""
    return _CONTROL.sub("", text)


def code(parent, name: str, value: str, **attributes):
    """A code element: ``<xdomea:name><code>value</code></xdomea:name>`` (code unqualified)."""
    element = sub(parent, name, **attributes)
    etree.SubElement(element, "code").text = value
    return element


def town_contact(parent, name: str, town):
    """The town as sender or recipient (Behördenkennung: its AGS)."""
    contact = sub(parent, name)
    if town.ags:
        ident = sub(contact, "Behoerdenkennung")
        code(
            ident,
            "Behoerdenschluessel",
            town.ags,
            listURI="urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:ags",
        )
    institution = sub(contact, "Institution")
    sub(institution, "Name", getattr(town, "official_name", "") or town.name)
    sub(institution, "Kurzbezeichnung", town.name)
    return contact


def archive_contact(parent, name: str, records_settings):
    """The archive as recipient or sender, from the e-file settings."""
    contact = sub(parent, name)
    if records_settings.archive_code:
        ident = sub(contact, "Behoerdenkennung")
        code(ident, "Behoerdenschluessel", records_settings.archive_code)
    if records_settings.archive_name:
        institution = sub(contact, "Institution")
        sub(institution, "Name", records_settings.archive_name)
    return contact


def sending_system(parent):
    system = sub(parent, "SendendesSystem")
    sub(system, "Produktname", PRODUCT)
    sub(system, "Version", "xdomea 3.1.0")
    return system


def new_message(type_code: str, process_id: uuid.UUID, *, sender, recipient, note: str = ""):
    """The root element with the basic header (NkBasisType) filled in.

    ``sender`` and ``recipient`` are callables ``(parent, name)`` that add a KontaktType.
    Message-specific header elements are appended by the caller to the returned ``Kopf``.
    """
    root = etree.Element(q(MESSAGE_NAMES[type_code]), nsmap=NSMAP)
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{NS} {SCHEMA_FILES[type_code[:2]]}")
    head = sub(root, "Kopf")
    sub(head, "ProzessID", str(process_id))
    code(head, "Nachrichtentyp", type_code)
    sub(head, "Erstellungszeitpunkt", timezone.now())
    sender(head, "Absender")
    recipient(head, "Empfaenger")
    sending_system(head)
    if note:
        sub(head, "Hinweis", note)
    return root, head


def to_bytes(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def message_stem(process_id: uuid.UUID, type_code: str, number: int = 1) -> str:
    return f"{process_id}_{type_code}_{number}"


def xml_name(process_id: uuid.UUID, type_code: str) -> str:
    return f"{process_id}_{type_code}.xml"


def zip_message(
    root, process_id: uuid.UUID, type_code: str, primary_files=(), number: int = 1
) -> Message:
    """Pack the XML and the primary documents (``(name, bytes)`` pairs) as
    ``<ProzessID>_<type>_<n>.zip``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(xml_name(process_id, type_code), to_bytes(root))
        for name, content in primary_files:
            archive.writestr(name, content)
    return Message(
        filename=f"{message_stem(process_id, type_code, number)}.zip",
        content=buffer.getvalue(),
        content_type="application/zip",
        process_id=process_id,
        type_code=type_code,
    )


# Reading ---------------------------------------------------------------------------------


def max_message_bytes() -> int:
    return getattr(settings, "RATHAUS_XDOMEA_MAX_BYTES", DEFAULT_MAX_MESSAGE_BYTES)


def is_safe_member_name(name: str) -> bool:
    """A zip member stays inside the message: no folders, no parent steps, no drive."""
    return bool(name) and not (
        name.startswith(("/", "\\"))
        or "\\" in name
        or ".." in name.split("/")
        or re.match(r"^[A-Za-z]:", name)
        or any(ord(ch) < 32 for ch in name)
    )


@dataclass
class IncomingMessage:
    """A parsed, schema-valid incoming message and the members of its zip (if any)."""

    root: etree._Element
    type_code: str
    process_id: uuid.UUID
    archive: zipfile.ZipFile | None = None

    def member(self, name: str) -> bytes:
        """The bytes of one primary document, read with a size limit."""
        if self.archive is None:
            raise MessageError(_("The message has no primary documents: send the zip."))
        try:
            info = self.archive.getinfo(name)
        except KeyError:
            raise MessageError(
                format_lazy(_("The document file {name} is missing in the message."), name=name)
            ) from None
        limit = settings.RATHAUS_UPLOAD_MAX_BYTES
        if info.file_size > limit:
            raise MessageError(format_lazy(_("The document file {name} is too large."), name=name))
        with self.archive.open(info) as handle:
            content = handle.read(limit + 1)
        if len(content) > limit:
            raise MessageError(format_lazy(_("The document file {name} is too large."), name=name))
        return content


def _parse_xml(data: bytes):
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise MessageError(
            format_lazy(_("The message is not well-formed XML: {error}"), error=str(error))
        ) from None
    if root.getroottree().docinfo.doctype:
        raise MessageError(_("The message contains a document type declaration; refused."))
    return root


def _open_zip(data: bytes) -> tuple[zipfile.ZipFile, str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise MessageError(_("The file is not a readable zip archive.")) from None
    if len(members) > MAX_MEMBERS:
        raise MessageError(_("The zip archive holds too many files."))
    total = 0
    xml_names = []
    for info in members:
        if not is_safe_member_name(info.filename):
            raise MessageError(
                format_lazy(
                    _("The zip archive contains a file outside the message: {name}"),
                    name=info.filename,
                )
            )
        if info.flag_bits & 0x1:
            raise MessageError(_("The zip archive is encrypted."))
        total += info.file_size
        if total > max_message_bytes():
            raise MessageError(_("The zip archive is too large when unpacked."))
        if MESSAGE_XML_NAME.match(info.filename):
            xml_names.append(info.filename)
    if len(xml_names) != 1:
        raise MessageError(
            _("The zip archive must contain exactly one message file <ProzessID>_<type>.xml.")
        )
    return archive, xml_names[0]


def read_message(data: bytes, expected: set[str]) -> IncomingMessage:
    """Parse an incoming message (its zip or its XML), validate it against the xdomea
    3.1.0 schema and check that it is one of the ``expected`` message types."""
    if not data:
        raise MessageError(_("The file is empty."))
    if len(data) > max_message_bytes():
        raise MessageError(_("The message is too large."))
    archive = None
    if data[:4] == b"PK\x03\x04":
        archive, name = _open_zip(data)
        info = archive.getinfo(name)
        with archive.open(info) as handle:
            xml = handle.read(max_message_bytes() + 1)
        if len(xml) > max_message_bytes():
            raise MessageError(_("The message is too large."))
    else:
        xml = data
    root = _parse_xml(xml)
    xsd = schema()
    if not xsd.validate(root):
        error = xsd.error_log.last_error
        raise MessageError(
            format_lazy(
                _("The message does not conform to xdomea 3.1.0 (line {line}: {error})."),
                line=error.line if error else "?",
                error=error.message if error else "",
            )
        )
    names = {f"{{{NS}}}{name}": type_code for type_code, name in MESSAGE_NAMES.items()}
    type_code = names.get(root.tag)
    if type_code not in expected:
        local = etree.QName(root).localname
        raise MessageError(
            format_lazy(
                _("This is a {kind} message; expected {expected}."),
                kind=local,
                expected=", ".join(MESSAGE_NAMES[code] for code in sorted(expected)),
            )
        )
    process_id = uuid.UUID(root.findtext(f"{q('Kopf')}/{q('ProzessID')}"))
    return IncomingMessage(root=root, type_code=type_code, process_id=process_id, archive=archive)


def require_process(message: IncomingMessage, process_id: uuid.UUID) -> None:
    if message.process_id != process_id:
        raise MessageError(
            format_lazy(
                _("The message belongs to another disposal process ({found}, expected {own})."),
                found=message.process_id,
                own=process_id,
            )
        )
