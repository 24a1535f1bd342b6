"""Safe reading of FIM and genericode XML, and small helpers to walk it by local names
(FIM code values sit in unqualified ``<code>`` children, genericode mixes qualified and
unqualified elements)."""

from django.utils.translation import gettext as _
from lxml import etree

from ...exceptions import FimImportError

MAX_BYTES = 20 * 1024 * 1024


def parse_xml(data: bytes) -> etree._Element:
    """The document's root, read without entities, network access, DTDs or huge trees; a
    document type declaration is refused outright (as defusedxml does)."""
    if not data or not data.strip():
        raise FimImportError(_("The file is empty."))
    if len(data) > MAX_BYTES:
        raise FimImportError(_("The file is too large."))
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise FimImportError(
            _("The file contains a document type declaration and is refused for safety.")
        )
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser)
    except (etree.XMLSyntaxError, ValueError) as error:
        raise FimImportError(
            _("The file is not well-formed XML: %(error)s") % {"error": error}
        ) from None
    if root.getroottree().docinfo.doctype:
        raise FimImportError(
            _("The file contains a document type declaration and is refused for safety.")
        )
    return root


def local_name(element) -> str:
    return etree.QName(element).localname


def find_all(element, name: str) -> list:
    """The children of ``element`` with the local name ``name``, in document order."""
    if element is None:
        return []
    return [found for found in element if isinstance(found.tag, str) and local_name(found) == name]


def find(element, name: str):
    """The first child of ``element`` with the local name ``name``, or None."""
    found = find_all(element, name)
    return found[0] if found else None


def text_of(element, name: str = "", *, multiline: bool = False) -> str:
    """The text of the child ``name`` (or of ``element`` itself), whitespace normalised;
    with ``multiline`` line breaks are kept. Code elements work too: their value is the
    text of their ``<code>`` child."""
    target = find(element, name) if name else element
    if target is None:
        return ""
    value = "".join(target.itertext())
    if multiline:
        return "\n".join(" ".join(line.split()) for line in value.strip().splitlines()).strip()
    return " ".join(value.split())


def identification(element) -> tuple[str, str]:
    """The ``identifikation`` of a FIM element as (id, version); empty strings if absent."""
    ident = find(element, "identifikation")
    return text_of(ident, "id"), text_of(ident, "version")
