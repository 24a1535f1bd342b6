"""The schema's structure (struktur/anzahl/enthaelt) as pages, fieldsets and ids of our
format; the rules on the way are collected as text. The decisions are in the package
docstring."""

import re

from django.utils.translation import gettext as _

from ...exceptions import FimImportError
from ..engine import MAX_REPEAT
from .fields import DISPLAY_ONLY, FieldReader, Occurrence
from .xml import find, find_all, identification, local_name, text_of

MAX_DEPTH = 25
CARDINALITY = re.compile(r"([0-9]+):([0-9]+|\*)")
UNSAFE_ID_CHARACTERS = re.compile(r"[^A-Za-z0-9_-]")
ELEMENT_KINDS = {"datenfeld": "field", "datenfeldgruppe": "group"}
CHOICE_GROUP = "X"  # XDF3 Datenfeldgruppe/art: exactly one of its parts is filled


def is_reference(element, kind: str) -> bool:
    """An occurrence given only by its identification, defined elsewhere in the file."""
    if kind == "field":
        return find(element, "feldart") is None
    return find(element, "name") is None and not find_all(element, "struktur")


def cardinality(value: str, element_id: str) -> tuple[int, int]:
    """``anzahl`` "min:max" as numbers; "*" is the form engine's maximum of entries."""
    match = CARDINALITY.fullmatch(value or "")
    if match is None:
        raise FimImportError(
            _(
                "The number of occurrences “%(value)s” of %(id)s is not valid"
                " (expected e.g. 1:1, 0:1, 0:*)."
            )
            % {"value": value, "id": element_id}
        )
    low = int(match.group(1))
    high = MAX_REPEAT if match.group(2) == "*" else int(match.group(2))
    if low > high:
        raise FimImportError(
            _("The number of occurrences “%(value)s” of %(id)s has a minimum above its maximum.")
            % {"value": value, "id": element_id}
        )
    return low, high


class StructureReader:
    """Reads the structure of one Stammdatenschema into pages of our format."""

    def __init__(self, root, xdatenfelder: str, code_lists):
        self.warnings: list[str] = []
        self.fields = FieldReader(xdatenfelder, code_lists, self.warnings)
        self.rules: dict[str, dict] = {}
        self.used_ids: set[str] = set()
        self.defined: dict[tuple, object] = {}
        for element in root.iter():
            if not isinstance(element.tag, str):
                continue
            kind = ELEMENT_KINDS.get(local_name(element))
            if kind is None or is_reference(element, kind):
                continue
            element_id, version = identification(element)
            self.defined.setdefault((kind, element_id, version), element)
            self.defined.setdefault((kind, element_id, None), element)

    # reading
    def resolve(self, element, kind: str, element_id: str, version: str):
        if not is_reference(element, kind):
            return element
        found = self.defined.get((kind, element_id, version))
        if found is None and not version:
            found = self.defined.get((kind, element_id, None))
        if found is None and kind == "field":
            raise FimImportError(
                _(
                    "The schema refers to the data field %(id)s %(version)s, which it does not"
                    " define."
                )
                % {"id": element_id, "version": version}
            )
        if found is None:
            raise FimImportError(
                _(
                    "The schema refers to the data-field group %(id)s %(version)s, which it does"
                    " not define."
                )
                % {"id": element_id, "version": version}
            )
        return found

    def collect_rules(self, node) -> None:
        """Rules (Regeln) of the element as text, each once, in document order."""
        for rule in find_all(node, "regel"):
            rule_id, _version = identification(rule)
            if not rule_id or rule_id in self.rules:
                continue
            entry = {
                "id": rule_id,
                "name": text_of(rule, "name"),
                "text": text_of(rule, "freitextRegel", multiline=True)
                or text_of(rule, "definition", multiline=True)
                or text_of(rule, "beschreibung", multiline=True),
            }
            script = text_of(rule, "skript", multiline=True) or text_of(
                rule, "script", multiline=True
            )
            if script:
                entry["script"] = script
            entry["text"] = entry["text"] or script or entry["name"]
            self.rules[rule_id] = entry

    def read(self, node, owner: str, path: tuple = ()) -> list[Occurrence]:
        """The occurrences below ``node`` (recursively), with rules collected."""
        if len(path) > MAX_DEPTH:
            raise FimImportError(_("The schema's groups are nested too deeply."))
        result = []
        for structure in find_all(node, "struktur"):
            container = find(structure, "enthaelt")
            contained = [
                found
                for found in (container if container is not None else [])
                if isinstance(found.tag, str)
            ]
            if len(contained) != 1 or local_name(contained[0]) not in ELEMENT_KINDS:
                raise FimImportError(
                    _("A structure entry in %(owner)s contains no single data field or group.")
                    % {"owner": owner}
                )
            element = contained[0]
            kind = ELEMENT_KINDS[local_name(element)]
            element_id, version = identification(element)
            if not element_id:
                raise FimImportError(
                    _("An element in %(owner)s has no identification.") % {"owner": owner}
                )
            low, high = cardinality(text_of(structure, "anzahl"), element_id)
            defined = self.resolve(element, kind, element_id, version)
            self.collect_rules(defined)
            if high == 0:
                continue
            occurrence = Occurrence(kind, defined, element_id, version, low, high)
            if kind == "group":
                key = (element_id, version)
                if key in path:
                    raise FimImportError(
                        _("The group %(id)s contains itself.") % {"id": element_id}
                    )
                occurrence.children = self.read(defined, element_id, path + (key,))
                if text_of(defined, "art") == CHOICE_GROUP:
                    self.loosen_choice_group(occurrence)
            result.append(occurrence)
        return result

    def loosen_choice_group(self, group: Occurrence) -> None:
        """A choice group (Auswahlgruppe) asks for one of its parts; our format cannot say
        "one of", so no part is required on its own."""
        for child in group.children:
            child.low = 0
        self.warnings.append(
            _(
                "The group %(id)s is a choice group (one of its parts is filled); its parts"
                " are optional in the form and the choice is not checked."
            )
            % {"id": group.fim_id}
        )

    # ids
    def uid(self, base: str, parent: str = "") -> str:
        """A unique id: the FIM id the first time, then ``<parent id>-<FIM id>``."""
        base = UNSAFE_ID_CHARACTERS.sub("_", base)
        candidate = base if base not in self.used_ids or not parent else f"{parent}-{base}"
        number, stem = 2, candidate
        while candidate in self.used_ids:
            candidate = f"{stem}-{number}"
            number += 1
        self.used_ids.add(candidate)
        return candidate

    # groups
    def has_required(self, element: Occurrence) -> bool:
        for child in element.children:
            if child.low < 1:
                continue
            if child.kind == "group" and self.has_required(child):
                return True
            if child.kind == "field" and child.feldart not in DISPLAY_ONLY:
                return True
        return False

    def repeat_of(self, element: Occurrence) -> dict | None:
        if element.high > 1:
            return {"min": element.low, "max": element.high}
        if element.low == 0 and self.has_required(element):
            return {"min": 0, "max": 1}
        return None

    @staticmethod
    def fieldset(element: Occurrence, group_id: str, fields: list, repeat=None, title=True):
        return {
            "id": group_id,
            "title": element.title if title else "",
            "hint": element.hint if title else "",
            "repeat": repeat,
            "show_if": None,
            "fields": fields,
            "fim": {"id": element.fim_id, "version": element.version},
        }

    @staticmethod
    def field_repeats(element: Occurrence) -> bool:
        return (
            element.kind == "field"
            and element.high > 1
            and element.feldart not in ("select", *DISPLAY_ONLY)
        )

    def repeated_field(self, element: Occurrence, field_id: str) -> dict:
        """A data field that occurs more than once, as a repeatable fieldset of its own."""
        item = self.fields.field(element, field_id, required=True)
        wrapper = self.fieldset(
            element, self.uid(f"{field_id}-list"), [item], {"min": element.low, "max": element.high}
        )
        wrapper.update(title=item["label"], hint="")
        return wrapper

    def fieldsets(self, element: Occurrence, group_id: str) -> list[dict]:
        """The fieldsets of a group that is not inside a repeatable fieldset."""
        repeat = self.repeat_of(element)
        if repeat is not None:
            fields = self.flatten(element, group_id)
            return [self.fieldset(element, group_id, fields, repeat)] if fields else []
        result: list[dict] = []
        run: list[dict] = []
        runs = 0

        def flush():
            nonlocal runs
            if run:
                runs += 1
                run_id = group_id if runs == 1 else self.uid(f"{group_id}-{runs}")
                result.append(self.fieldset(element, run_id, list(run), title=runs == 1))
                run.clear()

        for child in element.children:
            child_id = self.uid(child.fim_id, group_id)
            if child.kind == "group":
                flush()
                result.extend(self.fieldsets(child, child_id))
            elif self.field_repeats(child):
                flush()
                result.append(self.repeated_field(child, child_id))
            else:
                item = self.fields.field(child, child_id, required=child.low >= 1)
                if item is not None:
                    run.append(item)
        flush()
        return result

    def flatten(self, element: Occurrence, group_id: str) -> list[dict]:
        """Every field below a repeatable group, for its one fieldset."""
        fields = []
        for child in element.children:
            child_id = self.uid(child.fim_id, group_id)
            if self.field_repeats(child) or (child.kind == "group" and child.high > 1):
                raise FimImportError(
                    _(
                        "%(id)s repeats inside the repeatable group %(group)s; repetition"
                        " inside repetition is not supported."
                    )
                    % {"id": child.fim_id, "group": element.fim_id}
                )
            if child.kind == "field":
                item = self.fields.field(child, child_id, required=child.low >= 1)
                if item is not None:
                    fields.append(item)
                continue
            inner = self.flatten(child, child_id)
            if child.low == 0 and any(item["required"] for item in inner):
                for item in inner:
                    item["required"] = False
                self.warnings.append(
                    _(
                        "The optional group %(id)s inside the repeatable group %(group)s was"
                        " merged into it; its fields are optional."
                    )
                    % {"id": child.fim_id, "group": element.fim_id}
                )
            if inner and child.title:
                heading = self.fieldset(child, child_id, [])
                fields.append(
                    {
                        "id": child_id,
                        "type": "static",
                        "label": heading["title"],
                        "hint": heading["hint"],
                        "required": False,
                        "show_if": None,
                        "fim": heading["fim"],
                    }
                )
            fields.extend(inner)
        return fields

    # the whole schema
    def pages(self, schema_node, schema_id: str, title: str) -> list[dict]:
        """One page per top-level group; top-level fields between groups make a page."""
        self.collect_rules(schema_node)
        pages: list[dict] = []
        loose: list[Occurrence] = []

        def add_page(page_id: str, page_title: str, groups: list[dict]) -> None:
            if groups:
                pages.append(
                    {"id": page_id, "title": page_title, "show_if": None, "groups": groups}
                )

        def flush_loose():
            if not loose:
                return
            group_id = self.uid(f"{UNSAFE_ID_CHARACTERS.sub('_', schema_id)}-{len(pages) + 1}")
            fields = [
                self.fields.field(item, self.uid(item.fim_id, group_id), required=item.low >= 1)
                for item in loose
            ]
            group = {
                "id": group_id,
                "title": title,
                "hint": "",
                "repeat": None,
                "show_if": None,
                "fields": [item for item in fields if item is not None],
            }
            add_page(self.uid(f"page-{group_id}"), title, [group] if group["fields"] else [])
            loose.clear()

        for element in self.read(schema_node, schema_id):
            if element.kind == "field" and not self.field_repeats(element):
                loose.append(element)
                continue
            flush_loose()
            element_id = self.uid(element.fim_id)
            page_id = self.uid(f"page-{element_id}")
            if element.kind == "field":
                group = self.repeated_field(element, element_id)
                add_page(page_id, group["title"], [group])
            else:
                add_page(page_id, element.title, self.fieldsets(element, element_id))
        flush_loose()
        return pages
