"""The designer's edits on a definition: add, change, move and remove pages, groups and
fields. Each function returns a changed copy; the caller validates and stores it."""

import copy
import re

from . import engine


def _copy(definition: dict) -> dict:
    return copy.deepcopy(definition)


def unique_id(definition: dict, base: str) -> str:
    """An id not yet used in the form, derived from ``base`` (a label or a type)."""
    stem = re.sub(r"[^a-z0-9_]+", "_", base.lower()).strip("_")[:30] or "feld"
    used = set(engine.field_index(definition))
    for page in engine.pages(definition):
        used.add(page["id"])
        used.update(group["id"] for group in page.get("groups", []))
    candidate, number = stem, 2
    while candidate in used:
        candidate, number = f"{stem}_{number}", number + 1
    return candidate


def _page(definition: dict, page_id: str) -> dict:
    for page in engine.pages(definition):
        if page["id"] == page_id:
            return page
    raise KeyError(page_id)


def _group(definition: dict, group_id: str) -> tuple[dict, dict]:
    for page in engine.pages(definition):
        for group in page.get("groups", []):
            if group["id"] == group_id:
                return page, group
    raise KeyError(group_id)


def _move(items: list, index: int, step: int) -> None:
    target = index + step
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]


def add_page(definition: dict, title: str) -> dict:
    result = _copy(definition)
    page_id = unique_id(result, f"seite_{title}")
    group_id = unique_id(
        {**result, "pages": [*result["pages"], {"id": page_id, "groups": []}]}, f"gruppe_{title}"
    )
    result.setdefault("pages", []).append(
        {"id": page_id, "title": title, "groups": [{"id": group_id, "title": "", "fields": []}]}
    )
    return result


def update_page(definition: dict, page_id: str, *, title: str, show_if=None) -> dict:
    result = _copy(definition)
    page = _page(result, page_id)
    page["title"] = title
    page["show_if"] = show_if
    return result


def remove_page(definition: dict, page_id: str) -> dict:
    result = _copy(definition)
    result["pages"] = [page for page in result["pages"] if page["id"] != page_id]
    return result


def move_page(definition: dict, page_id: str, step: int) -> dict:
    result = _copy(definition)
    ids = [page["id"] for page in result["pages"]]
    _move(result["pages"], ids.index(page_id), step)
    return result


def add_group(definition: dict, page_id: str, *, title: str, hint: str = "", repeat=None) -> dict:
    result = _copy(definition)
    _page(result, page_id).setdefault("groups", []).append(
        {
            "id": unique_id(result, f"gruppe_{title}"),
            "title": title,
            "hint": hint,
            "repeat": repeat,
            "fields": [],
        }
    )
    return result


def update_group(definition: dict, group_id: str, **values) -> dict:
    result = _copy(definition)
    _page_of, group = _group(result, group_id)
    group.update(values)
    return result


def remove_group(definition: dict, group_id: str) -> dict:
    result = _copy(definition)
    page, group = _group(result, group_id)
    page["groups"] = [item for item in page["groups"] if item["id"] != group_id]
    return result


def add_field(definition: dict, group_id: str, field: dict) -> dict:
    result = _copy(definition)
    _page_of, group = _group(result, group_id)
    field = dict(field)
    field["id"] = field.get("id") or unique_id(result, field.get("label") or field["type"])
    group.setdefault("fields", []).append(field)
    return result


def update_field(definition: dict, field_id: str, field: dict) -> dict:
    result = _copy(definition)
    for _page_item, group, item in list(engine.all_fields(result)):
        if item["id"] == field_id:
            index = group["fields"].index(item)
            group["fields"][index] = {**field, "id": field_id}
            return result
    raise KeyError(field_id)


def remove_field(definition: dict, field_id: str) -> dict:
    result = _copy(definition)
    for _page_item, group, item in list(engine.all_fields(result)):
        if item["id"] == field_id:
            group["fields"].remove(item)
            return result
    raise KeyError(field_id)


def move_field(definition: dict, field_id: str, step: int) -> dict:
    result = _copy(definition)
    for _page_item, group, item in list(engine.all_fields(result)):
        if item["id"] == field_id:
            _move(group["fields"], group["fields"].index(item), step)
            return result
    raise KeyError(field_id)
