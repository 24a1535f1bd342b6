"""The file plan (Aktenplan): positions, their CSV import and export, and the e-file settings.

Only archivists change the plan; everyone using the e-file may read it.
"""

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rathaus.core.accounts.permissions import is_administrator
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot

from ..access import is_archivist
from ..exceptions import ConflictingEdit, RecordsError
from ..models import DisposalDecision, FilePlanEntry, RecordsSettings
from ..models.plan import plan_code_validator
from .references import validate_pattern

CSV_COLUMNS = ("code", "title", "parent_code", "retention_years", "disposal", "description")
PROGRESS_EVERY = 50


class NotArchivist(RecordsError):
    message = gettext_lazy("Only archivists may change the file plan.")


class NotSettingsManager(RecordsError):
    message = gettext_lazy("Only archivists and administrators may change these settings.")


class PlanEntryInUse(RecordsError):
    message = gettext_lazy(
        "This position holds files or positions below it and cannot be deleted. Retire it instead."
    )


class ParentRetired(RecordsError):
    message = gettext_lazy("Reactivate the position above this one first.")


def can_edit_plan(user) -> bool:
    return is_archivist(user)


def can_edit_settings(user) -> bool:
    return is_archivist(user) or is_administrator(user)


def _require_archivist(actor) -> None:
    if not can_edit_plan(actor):
        raise NotArchivist


def records_settings() -> RecordsSettings:
    return RecordsSettings.current()


# --- positions ------------------------------------------------------------------------------


def _check_entry(entry: FilePlanEntry) -> None:
    """Codes unique in the town; a position never sits below itself."""
    same_code = FilePlanEntry.objects.filter(code=entry.code).exclude(pk=entry.pk)
    if same_code.exists():
        raise ValidationError({"code": _("A position with this code already exists.")})
    parent = entry.parent
    seen = set()
    while parent is not None:
        if parent.pk == entry.pk or parent.pk in seen:
            raise ValidationError(
                {"parent": _("A position cannot sit below itself or a position below it.")}
            )
        seen.add(parent.pk)
        parent = parent.parent


EDITABLE = ("parent", "code", "title", "description", "retention_years", "disposal")


@transaction.atomic
def create_entry(*, actor, data: dict) -> FilePlanEntry:
    _require_archivist(actor)
    entry = FilePlanEntry(**{name: data.get(name) for name in EDITABLE if name in data})
    entry.description = entry.description or ""
    _check_entry(entry)
    entry.save()
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=entry,
        summary="file plan position created",
        changes=snapshot(entry),
    )
    return entry


@transaction.atomic
def update_entry(*, actor, entry: FilePlanEntry, data: dict, version: int) -> FilePlanEntry:
    _require_archivist(actor)
    entry = FilePlanEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.version != version:
        raise ConflictingEdit
    before = snapshot(entry)
    for name in EDITABLE:
        if name in data:
            value = data[name]
            setattr(entry, name, "" if value is None and name == "description" else value)
    _check_entry(entry)
    entry.version += 1
    entry.save()
    record_update(actor=actor, obj=entry, before=before, summary="file plan position changed")
    return entry


@transaction.atomic
def retire_entry(*, actor, entry: FilePlanEntry) -> FilePlanEntry:
    """Retire the position and every active one below it: no new files go there."""
    _require_archivist(actor)
    now = timezone.now()
    ids = _subtree_ids(entry)
    for position in FilePlanEntry.objects.filter(pk__in=ids, retired_at__isnull=True):
        position.retired_at = now
        position.version += 1
        position.save(update_fields=["retired_at", "version"])
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=position,
            summary="file plan position retired",
        )
    entry.refresh_from_db()
    return entry


@transaction.atomic
def reactivate_entry(*, actor, entry: FilePlanEntry) -> FilePlanEntry:
    _require_archivist(actor)
    entry = FilePlanEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.parent_id and entry.parent.is_retired:
        raise ParentRetired
    if entry.retired_at is not None:
        entry.retired_at = None
        entry.version += 1
        entry.save(update_fields=["retired_at", "version"])
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=entry,
            summary="file plan position reactivated",
        )
    return entry


def entry_in_use(entry: FilePlanEntry) -> bool:
    return entry.files.exists() or entry.children.exists()


@transaction.atomic
def delete_entry(*, actor, entry: FilePlanEntry) -> None:
    """Delete an unused position (no files, nothing below); a used one can only be retired."""
    _require_archivist(actor)
    entry = FilePlanEntry.objects.select_for_update().get(pk=entry.pk)
    if entry_in_use(entry):
        raise PlanEntryInUse
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=entry,
        summary="file plan position deleted",
        changes=snapshot(entry),
    )
    entry.delete()


def _subtree_ids(entry: FilePlanEntry) -> set:
    parents = dict(FilePlanEntry.objects.values_list("pk", "parent_id"))
    children: dict = {}
    for pk, parent_id in parents.items():
        children.setdefault(parent_id, []).append(pk)
    ids, todo = set(), [entry.pk]
    while todo:
        pk = todo.pop()
        if pk not in ids:
            ids.add(pk)
            todo.extend(children.get(pk, []))
    return ids


def build_tree(entries) -> list[dict]:
    """Nest positions under their parents (one query's rows, in code order)."""
    ids = {entry.pk for entry in entries}
    children: dict = {}
    for entry in entries:
        children.setdefault(entry.parent_id if entry.parent_id in ids else None, []).append(entry)

    def node(entry):
        return {"entry": entry, "children": [node(child) for child in children.get(entry.pk, [])]}

    return [node(entry) for entry in children.get(None, [])]


# --- CSV ------------------------------------------------------------------------------------


@dataclass
class PlanRow:
    line: int
    code: str
    title: str
    parent_code: str
    retention_years: int | None
    disposal: str
    description: str


@dataclass
class ParsedPlan:
    rows: list[PlanRow] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _dialect_delimiter(text: str) -> str:
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") >= first.count(",") and ";" in first else ","


def decode_upload(content: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as spreadsheets in Germany write it."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1252", "replace")


def parse_plan_csv(text: str) -> ParsedPlan:
    """Read and check every line; errors carry the line number in the file (header = 1)."""
    parsed = ParsedPlan()
    text = text.lstrip("\ufeff")
    if not text.strip():
        parsed.errors.append((1, _("The file is empty.")))
        return parsed
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_dialect_delimiter(text))
    header = [column.strip().lower() for column in next(reader)]
    missing = [name for name in ("code", "title") if name not in header]
    if missing:
        parsed.errors.append(
            (
                1,
                _("Missing columns: %(columns)s. Expected: %(expected)s.")
                % {"columns": ", ".join(missing), "expected": ", ".join(CSV_COLUMNS)},
            )
        )
        return parsed
    index = {name: header.index(name) for name in CSV_COLUMNS if name in header}
    existing = set(FilePlanEntry.objects.values_list("code", flat=True))
    seen: dict[str, int] = {}
    disposals = {choice.value for choice in DisposalDecision}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue

        def cell(name, cells=cells):
            position = index.get(name)
            return cells[position].strip() if position is not None and position < len(cells) else ""

        row_errors = []
        code, title, parent_code = cell("code"), cell("title"), cell("parent_code")
        if not code:
            row_errors.append(_("the code is missing"))
        else:
            try:
                plan_code_validator(code)
            except ValidationError:
                row_errors.append(_("the code “%(code)s” is not valid") % {"code": code})
            if len(code) > 40:
                row_errors.append(_("the code is longer than 40 characters"))
            if code in seen:
                row_errors.append(
                    _("the code %(code)s already appears on line %(line)d")
                    % {"code": code, "line": seen[code]}
                )
        if not title:
            row_errors.append(_("the title is missing"))
        elif len(title) > 200:
            row_errors.append(_("the title is longer than 200 characters"))
        retention_text = cell("retention_years")
        retention = None
        if retention_text:
            if retention_text.isdigit() and int(retention_text) <= 32767:
                retention = int(retention_text)
            else:
                row_errors.append(
                    _("the retention period must be a whole number of years or empty")
                )
        disposal = cell("disposal").upper() or DisposalDecision.EVALUATE
        if disposal not in disposals:
            row_errors.append(_("the disposal decision must be A, B or V"))
        if parent_code and parent_code == code:
            row_errors.append(_("the position cannot be its own parent"))
        for message in row_errors:
            parsed.errors.append((line, message))
        if code and code not in seen:
            seen[code] = line
        parsed.rows.append(
            PlanRow(
                line=line,
                code=code,
                title=title,
                parent_code=parent_code,
                retention_years=retention,
                disposal=disposal,
                description=cell("description"),
            )
        )
    known = existing | set(seen)
    for row in parsed.rows:
        if row.parent_code and row.parent_code not in known:
            parsed.errors.append(
                (
                    row.line,
                    _("the parent position %(code)s is neither in the file nor in the plan")
                    % {"code": row.parent_code},
                )
            )
    if not parsed.rows and not parsed.errors:
        parsed.errors.append((1, _("The file contains no positions.")))
    parsed.errors.sort(key=lambda item: item[0])
    return parsed


class ImportRefused(RecordsError):
    message = gettext_lazy("The file has errors; nothing was imported.")

    def __init__(self, errors):
        self.errors = errors
        super().__init__()


@transaction.atomic
def import_plan(*, actor, text: str, progress=None) -> dict:
    """Create or update (by code) every position of the CSV, all or nothing.

    ``progress(done, total)`` is called every PROGRESS_EVERY rows.
    """
    _require_archivist(actor)
    parsed = parse_plan_csv(text)
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    by_code = {entry.code: entry for entry in FilePlanEntry.objects.select_for_update()}
    total = len(parsed.rows)
    created = updated = 0
    # First pass: every position exists; second: parents are set once all codes exist.
    for done, row in enumerate(parsed.rows, 1):
        entry = by_code.get(row.code)
        values = {
            "title": row.title,
            "retention_years": row.retention_years,
            "disposal": row.disposal,
            "description": row.description,
        }
        if entry is None:
            entry = FilePlanEntry(code=row.code, **values)
            entry.save()
            by_code[row.code] = entry
            created += 1
            record(
                action=AuditEntry.Action.CREATE,
                actor=actor,
                obj=entry,
                summary="file plan position imported",
                changes=snapshot(entry),
            )
        else:
            before = snapshot(entry)
            for name, value in values.items():
                setattr(entry, name, value)
            if snapshot(entry) != before:
                entry.version += 1
                entry.save()
                updated += 1
                record_update(
                    actor=actor, obj=entry, before=before, summary="file plan position imported"
                )
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total * 2)
    for done, row in enumerate(parsed.rows, 1):
        entry = by_code[row.code]
        parent = by_code.get(row.parent_code) if row.parent_code else None
        if entry.parent_id != (parent.pk if parent else None):
            before = snapshot(entry)
            entry.parent = parent
            _check_entry(entry)
            entry.version += 1
            entry.save(update_fields=["parent", "version"])
            record_update(
                actor=actor, obj=entry, before=before, summary="file plan position imported"
            )
        if progress and (done % PROGRESS_EVERY == 0 or done == total):
            progress(total + done, total * 2)
    return {"created": created, "updated": updated, "total": total}


def start_plan_import(*, actor, text: str):
    """Check the CSV now (errors come back at once), then import it as a background job."""
    from rathaus.core.jobs.services import start_job

    from ..tasks_plan import import_plan_job

    _require_archivist(actor)
    parsed = parse_plan_csv(text)
    if parsed.errors:
        raise ImportRefused(parsed.errors)
    return start_job(
        task=import_plan_job,
        label=_("File plan import (%(count)d positions)") % {"count": len(parsed.rows)},
        started_by=actor,
        kwargs={"text": text},
    )


def export_plan_csv() -> str:
    """The plan as CSV (semicolon, UTF-8), parents before children; imports back unchanged."""
    entries = list(FilePlanEntry.objects.select_related("parent").order_by("code"))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)

    def walk(nodes):
        for node in nodes:
            entry = node["entry"]
            writer.writerow(
                [
                    entry.code,
                    entry.title,
                    entry.parent.code if entry.parent else "",
                    "" if entry.retention_years is None else entry.retention_years,
                    entry.disposal,
                    entry.description,
                ]
            )
            walk(node["children"])

    walk(build_tree(entries))
    return out.getvalue()


# --- settings -------------------------------------------------------------------------------


@transaction.atomic
def update_settings(*, actor, data: dict) -> RecordsSettings:
    if not can_edit_settings(actor):
        raise NotSettingsManager
    settings = RecordsSettings.current()
    settings = RecordsSettings.objects.select_for_update().get(pk=settings.pk)
    try:
        validate_pattern(data["reference_pattern"])
    except ValidationError as error:
        raise ValidationError({"reference_pattern": error.messages}) from None
    before = snapshot(settings)
    for name in ("reference_pattern", "archive_name", "archive_code"):
        setattr(settings, name, data.get(name) or "")
    settings.save()
    record_update(actor=actor, obj=settings, before=before, summary="e-file settings changed")
    return settings
