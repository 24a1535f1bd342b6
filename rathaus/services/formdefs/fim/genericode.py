"""Code lists in OASIS genericode 1.0 (as XRepository publishes them), read into the
entries a town caches (``CodeList``) for FIM selection fields."""

import re

from django.utils.translation import gettext as _

from ...exceptions import FimImportError
from .xml import find, find_all, local_name, parse_xml, text_of

NAME_COLUMN = re.compile(r"name|bezeichnung|label|beschreibung|text", re.IGNORECASE)


def parse_code_list(data: bytes) -> dict:
    """A genericode code list as ``{"uri", "version", "name", "entries": [{"value",
    "label"}]}``. The uri is the CanonicalUri (the canonical identification FIM references
    name), else the CanonicalVersionUri; values come from the key column, labels from the
    first other column that looks like a name (else the first other column)."""
    root = parse_xml(data)
    if local_name(root) != "CodeList":
        raise FimImportError(_("This file is not a genericode code list."))
    identification = find(root, "Identification")
    uri = text_of(identification, "CanonicalUri") or text_of(identification, "CanonicalVersionUri")
    if not uri:
        raise FimImportError(_("The code list has no canonical URI."))
    version = text_of(identification, "Version")
    name = text_of(identification, "LongName") or text_of(identification, "ShortName") or uri

    column_set = find(root, "ColumnSet")
    columns = [
        (column.get("Id", ""), text_of(column, "ShortName"))
        for column in find_all(column_set, "Column")
    ]
    if not columns:
        raise FimImportError(_("The code list defines no columns."))
    key_ref = find(find(column_set, "Key"), "ColumnRef")
    key_id = key_ref.get("Ref", "") if key_ref is not None else columns[0][0]
    others = [column for column in columns if column[0] != key_id]
    named = [column for column in others if NAME_COLUMN.search(f"{column[0]} {column[1]}")]
    label_id = (named or others or [(key_id, "")])[0][0]
    positions = {column_id: index for index, (column_id, _short) in enumerate(columns)}

    entries, seen = [], set()
    for row in find_all(find(root, "SimpleCodeList"), "Row"):
        values, index = {}, 0
        for value in find_all(row, "Value"):
            # A value names its column or, without ColumnRef, takes the next one.
            column_id = value.get("ColumnRef")
            if column_id in positions:
                index = positions[column_id]
            elif index < len(columns):
                column_id = columns[index][0]
            else:
                continue
            values[column_id] = text_of(value, "SimpleValue")
            index += 1
        code = values.get(key_id, "")
        if not code or code in seen:
            continue
        seen.add(code)
        entries.append({"value": code, "label": values.get(label_id) or code})
    if not entries:
        raise FimImportError(_("The code list %(uri)s has no entries.") % {"uri": uri})
    return {"uri": uri[:300], "version": version[:50], "name": name[:200], "entries": entries}
