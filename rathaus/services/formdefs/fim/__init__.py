"""FIM import: reads a FIM data-field schema (Stammdatenschema, message
``xdatenfelder.stammdatenschema.0102``) in XDatenfelder 2.0 or 3.0.0 and turns it into a
form definition in our format (see ``rathaus.services.formdefs``), and reads genericode code lists
so a town can cache the lists that selection fields refer to.

Sources used to learn the format (element names, code values; no code taken over):

- flxbe/xdatenfelder-xml (TypeScript parser, commit 04608c1): ``src/v2/schema.ts``,
  ``src/v2/parser.ts``, ``src/v3/schema.ts``, ``src/v3/parser.ts``, test data in
  ``tests/v2-data`` and ``tests/v3-data`` – namespaces, element names, Feldart/Datentyp
  codes, the XDF3 ``praezisierung`` attributes, the Freigabestatus code list.
- aivot-digital/xdf2gov (Go converter, commit 2658be4): ``src/processors/process_datenfeld.go``
  and ``process_struktur.go`` – XDF2 ``praezisierung`` is a JSON text, the ``anzahl``
  pattern, how converters treat repeatable structures.
- vs5000/FIM-XSLT (Volker Schmitz, XSLTs for XDF3): the XDF3→XSD and XDF3→XDF2 stylesheets –
  XDF3 ``werte/wert/{code,name}``, ``codelisteReferenz/{canonicalIdentification,version}``,
  XDF2 ``codelisteReferenz/genericodeIdentification``, the Datentyp value spaces, the
  genericode ``ColumnSet/Key`` and ``SimpleCodeList/Row/Value`` layout.
- flxbe/xdatenfelder-ts: ``modules/xdatenfelder-xml/src/code-list.ts`` – how genericode
  code lists from XRepository are laid out (Identification, SimpleCodeList/Row/Value).
- The code lists "urn:xoev-de:fim:codeliste:xdatenfelder.status" (XDF2: aktiv,
  inVorbereitung, inaktiv) and "urn:xoev-de:xprozess:codeliste:status" (XDF3
  Freigabestatus 1–8) as named in those sources.

Modules: ``xml`` (safe parsing), ``structure`` (groups, pages, ids, rules), ``fields`` (one
data field), ``genericode`` (code lists).

Released schemas. Only a released schema becomes a form: XDF2 status ``aktiv``; XDF3
Freigabestatus 5 "fachlich freigegeben (silber)" or 6 "fachlich freigegeben (gold)". Status
4 "methodisch freigegeben" is only checked for method, not approved by the responsible
authority, so it is refused like 1–3 (planning, editing, draft) and 7–8 (inactive, to be
deleted).

Structure. Each data-field group (Datenfeldgruppe) at the top of the schema becomes a page;
data fields at the top level between groups become a page of their own. Inside a page a
group's own fields form a fieldset with the group's id, and every group below it its own
fieldset, in document order (our format has no nested fieldsets). ``anzahl`` "min:max" sets
``required`` (min ≥ 1) and repetition: a group with max > 1 becomes a repeatable fieldset
(``repeat: {min, max}``, "*" = the form engine's maximum, 99) that holds all fields below it;
an optional group ("0:1") that contains required fields becomes a repeatable fieldset with
0–1 entries, so its fields are only required once a person adds it. Inside a repeatable
fieldset a further repeating group or field cannot be expressed and is refused; an optional
group there is merged in with its fields made optional (reported in ``warnings``) and its
title kept as a static heading. A data field with max > 1 that is not a selection becomes a
repeatable fieldset of its own, id ``<field id>-list``.

Ids. Fields and groups keep their FIM ids. When the same element occurs again (a harmonised
address group used twice), the later occurrence gets ``<id of the enclosing group>-<FIM id>``
(e.g. ``G00000000230-F60000000243``), and "-2", "-3" … if that still is not unique; the
first occurrence in document order keeps the bare id, so ids are stable for the same file.
Pages are ``page-<group id>``; a group's fieldsets after the first ``<group id>-2`` …

Fields (Feldart × Datentyp → our type):

====================  ==============================  ==========================================
Feldart               Datentyp                        type
====================  ==============================  ==========================================
input                 text, text_latin                text; textarea when maxLength > 255
input                 num                             number, decimals 2
input                 num_int                         number, decimals 0
input                 num_currency                    number, decimals 2
input                 date                            date (minValue/maxValue → min/max)
input                 time                            text with an HH:MM pattern
input                 datetime                        text with a DD.MM.YYYY HH:MM pattern
input                 bool                            consent when the label is a declaration
                                                      (versichere, bestätige, einverstanden,
                                                      willige ein, zur Kenntnis …), otherwise a
                                                      yes/no choice (values "true"/"false")
input                 file, obj                       file (kinds from XDF3 mediaType, else
                                                      pdf, jpeg, png)
select                any                             choice; multichoice when max > 1; options
                                                      from XDF3 ``werte`` or a code list
select                bool (without values)           yes/no choice
label                 any                             static (text from ``inhalt``)
locked (XDF3)         any                             static "label: inhalt"
hidden (XDF3)         any                             left out (no input; in ``warnings``)
====================  ==============================  ==========================================

Labels come from ``bezeichnungEingabe`` (else ``name``); hints from ``hilfetextEingabe``,
the text FIM writes for the person filling in the form. ``beschreibung`` is the modeller's
description (often technical, e.g. compatibility notes) and is kept in the field's ``fim``
provenance for staff, not shown as a hint. ``praezisierung`` (XDF3 attributes; XDF2 a JSON
text) gives min_length/max_length/pattern for text, min/max for numbers and dates. A pattern
that Python cannot compile (XML Schema only syntax such as ``\\p{L}``) is kept in the
provenance and reported in ``warnings`` instead of failing the import.

Code lists (codelisteReferenz) are never fetched: they are looked up in ``code_lists`` –
a mapping keyed by ``(uri, version)`` or by ``uri``, or a function ``(uri, version) ->
entries`` – where uri is the canonical identification. A reference without a version (XDF3
allows that) takes what the lookup gives for an empty version. Rules (Regeln) are kept as
text in ``definition["rules"]`` and ``rules_text``, never run.

An XDF3 choice group (``art`` X, Auswahlgruppe: one of its parts is filled) cannot be
expressed; its parts become optional and a warning says so. What could not be carried over is
in ``FimForm.warnings`` and, for staff, in ``definition["fim"]["warnings"]``.

Elements that occur again only by their identification (no field kind, or no name and no
structure for a group) are references; they are resolved against the element with the same
id and version elsewhere in the file, and refused when there is none.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from lxml import etree

from ...exceptions import FimImportError
from ..validation import validate_definition
from .genericode import parse_code_list
from .structure import StructureReader
from .xml import find, identification, local_name, parse_xml, text_of

__all__ = ["FimForm", "parse_code_list", "parse_fim_schema"]

NAMESPACE_PREFIX = "urn:xoev-de:fim:standard:xdatenfelder"
XDATENFELDER_VERSIONS = {
    "urn:xoev-de:fim:standard:xdatenfelder_2": "2.0",
    "urn:xoev-de:fim:standard:xdatenfelder_3.0.0": "3.0.0",
}
SCHEMA_MESSAGE = "xdatenfelder.stammdatenschema.0102"
XDF2_STATUS = {"aktiv": "aktiv", "inVorbereitung": "in Vorbereitung", "inaktiv": "inaktiv"}
XDF3_STATUS = {
    "1": "in Planung",
    "2": "in Bearbeitung",
    "3": "Entwurf",
    "4": "methodisch freigegeben",
    "5": "fachlich freigegeben (silber)",
    "6": "fachlich freigegeben (gold)",
    "7": "inaktiv",
    "8": "vorgesehen zum Löschen",
}
RELEASED = {"2.0": ("aktiv",), "3.0.0": ("5", "6")}


@dataclass(frozen=True)
class FimForm:
    """A FIM schema read into our format. ``definition`` passes ``validate_definition``;
    ``warnings`` says what could not be carried over (e.g. an XML Schema only pattern)."""

    definition: dict
    schema_id: str
    version: str
    name: str
    status: str
    source: str
    rules_text: str
    xdatenfelder: str = ""
    warnings: list[str] = field(default_factory=list)


def _xdatenfelder_version(root) -> str:
    namespace = etree.QName(root).namespace or ""
    if not namespace.startswith(NAMESPACE_PREFIX):
        raise FimImportError(_("This file is not an XDatenfelder message (FIM data fields)."))
    version = XDATENFELDER_VERSIONS.get(namespace)
    if version is None:
        raise FimImportError(
            _(
                "The XDatenfelder version of this file (%(namespace)s) is not supported;"
                " use 2.0 or 3.0.0."
            )
            % {"namespace": namespace}
        )
    if local_name(root) != SCHEMA_MESSAGE:
        raise FimImportError(
            _("This is a “%(message)s” message; expected a data-field schema (%(expected)s).")
            % {"message": local_name(root), "expected": SCHEMA_MESSAGE}
        )
    return version


def _released_status(schema_node, xdatenfelder: str, schema_id: str) -> str:
    """The schema's status as FIM names it; refuses a schema that is not released."""
    if xdatenfelder == "2.0":
        code, names = text_of(schema_node, "status"), XDF2_STATUS
    else:
        code, names = text_of(schema_node, "freigabestatus"), XDF3_STATUS
    status = names.get(code, code)
    if code not in RELEASED[xdatenfelder]:
        raise FimImportError(
            _(
                "The schema %(id)s has the status “%(status)s” and is not released; only"
                " released schemas (%(released)s) can be imported."
            )
            % {
                "id": schema_id,
                "status": status or _("none"),
                "released": ", ".join(names[value] for value in RELEASED[xdatenfelder]),
            }
        )
    return status


def parse_fim_schema(data: bytes, *, code_lists=None) -> FimForm:
    """Read a FIM Stammdatenschema (XDatenfelder 2.0 or 3.0.0) into our definition format.

    ``code_lists`` resolves code-list references: a mapping keyed by ``(uri, version)`` or
    by ``uri``, or a function ``(uri, version)``; what it gives is an entry list
    ``[{"value", "label"}]``, a ``CodeList`` row or a dict with ``entries`` (None when the
    list is not cached). Raises ``FimImportError`` with a translated message when the file
    cannot become a valid form.
    """
    root = parse_xml(data)
    xdatenfelder = _xdatenfelder_version(root)
    schema_node = find(root, "stammdatenschema")
    if schema_node is None:
        raise FimImportError(_("The message contains no data-field schema (stammdatenschema)."))
    schema_id, version = identification(schema_node)
    if not schema_id:
        raise FimImportError(_("The schema has no identification."))
    status = _released_status(schema_node, xdatenfelder, schema_id)
    name = text_of(schema_node, "name")
    title_element = "bezeichnung" if xdatenfelder == "3.0.0" else "bezeichnungEingabe"
    title = text_of(schema_node, title_element) or name or schema_id

    reader = StructureReader(root, xdatenfelder, code_lists)
    pages = reader.pages(schema_node, schema_id, title)
    rules = list(reader.rules.values())
    definition = {
        "title": title,
        "pages": pages,
        "rules": rules,
        "fim": {
            "id": schema_id,
            "version": version,
            "name": name,
            "status": status,
            "xdatenfelder": xdatenfelder,
        },
    }
    if reader.warnings:
        definition["fim"]["warnings"] = list(reader.warnings)
    hint = text_of(schema_node, "hilfetext", multiline=True)
    if hint:
        definition["hint"] = hint
    problems = validate_definition(definition)
    if problems:
        raise FimImportError(
            _("The schema does not give a valid form: %(problems)s")
            % {"problems": " ".join(problems)}
        )
    rules_text = "\n\n".join(
        " ".join(part for part in (rule["id"], rule["name"]) if part) + f": {rule['text']}"
        for rule in rules
    )
    return FimForm(
        definition=definition,
        schema_id=schema_id,
        version=version,
        name=name,
        status=status,
        source=f"FIM {schema_id} v{version} (XDatenfelder {xdatenfelder})"[:200],
        rules_text=rules_text,
        xdatenfelder=xdatenfelder,
        warnings=reader.warnings,
    )
