"""Loading tabular data into the datastore, all or nothing.

A tabular upload becomes a ``TableLoad`` that a background job works through
(``tasks.load_table``): the file is read row by row, each cell is cast and checked against
the Table Schema (inferred from the first rows on the first upload), valid rows go into a new
generation table in batches, and every problem is collected with its row and column. Only
when the whole file is valid does the resource switch to the new table (one transaction,
the old table dropped); otherwise the new table is dropped and the resource keeps its rows
and its file. ``load_rows`` does the same for rows from Python (automatic datasets).
"""

import decimal
import itertools
import logging
import time

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.jobs.services import report_progress, start_job

from ..exceptions import DatastoreError
from ..models import Resource, TableLoad
from . import tables
from .report import ErrorReport, shown
from .schema import (
    INFERENCE_SAMPLE_ROWS,
    cell_readers,
    check_names,
    columns_of,
    infer_schema,
    unique_groups,
    validate_schema,
    with_primary_key_required,
)
from .sources import SourceProblem, is_blank, open_table

logger = logging.getLogger(__name__)

BATCH_ROWS = 5000
PROGRESS_SECONDS = 1.0
MISSING = object()  # a cell a short CSV row does not have


class TableWriter:
    """Checks rows against a schema and writes the valid ones into a new table of the
    resource. ``rows`` counts the rows written; problems go to ``report``."""

    def __init__(self, resource_id, schema: dict, report: ErrorReport):
        self.schema = with_primary_key_required(schema)
        self.fields = self.schema["fields"]
        self.columns = columns_of(self.schema)
        self.readers = cell_readers(self.schema)
        self.report = report
        self.batch: list[tuple] = []
        self.rows = 0
        self.positions = list(range(1, len(self.fields) + 1))
        with transaction.atomic():
            self.table = tables.create_table(resource_id, self.columns)

    def add(self, row_number: int, cells: list) -> bool:
        """Check one row (its cells in the order of the schema's fields); written as row
        ``_id = row_number - 1`` when valid. Returns whether it was valid."""
        values = [row_number - 1]
        valid = True
        report = self.report
        for index, cell in enumerate(cells):
            if cell is MISSING:
                valid = False
                continue
            value, notes = self.readers[index](cell)
            if notes:
                valid = False
                report.cell(
                    row=row_number,
                    column=self.positions[index],
                    field=self.fields[index],
                    value=cell,
                    notes=notes,
                )
                continue
            try:
                values.append(tables.to_storage(value, self.columns[index], cell))
            except (
                tables.Unstorable,
                ValueError,
                TypeError,
                OverflowError,
                decimal.DecimalException,
            ):
                valid = False
                report.unstorable(
                    row=row_number,
                    column=self.positions[index],
                    field=self.fields[index],
                    value=cell,
                )
        if valid:
            self.batch.append(tuple(values))
            self.rows += 1
            if len(self.batch) >= BATCH_ROWS:
                self.flush()
        return valid

    def flush(self) -> None:
        if self.batch:
            with transaction.atomic():
                tables.insert_rows(self.table, self.columns, self.batch)
            self.batch = []

    def finish(self) -> None:
        """Write what is left and check the ``unique`` fields and the primary key."""
        self.flush()
        for names in unique_groups(self.schema):
            found, total = tables.duplicates(
                self.table, names, max(0, self.report.limit - len(self.report.errors))
            )
            position = next(
                (self.positions[i] for i, f in enumerate(self.fields) if f["name"] == names[0]),
                None,
            )
            for row_id, values, first_id in found:
                self.report.add(
                    type="unique-error",
                    row=row_id + 1,
                    column=position,
                    field=names[0],
                    message=_(
                        "Row %(row)d, column “%(name)s”: “%(value)s” already appears in row "
                        "%(first)d, but each value may appear only once."
                    )
                    % {
                        "row": row_id + 1,
                        "name": ", ".join(names),
                        "value": shown(", ".join(str(value) for value in values)),
                        "first": first_id + 1,
                    },
                )
            self.report.count += total - len(found)

    def complete(self) -> None:
        """Index the finished table so queries on it are fast."""
        with transaction.atomic():
            tables.create_indexes(self.table, self.columns)

    def discard(self) -> None:
        self.batch = []
        with transaction.atomic():
            tables.drop_table(self.table)


def switch_to(*, resource_id, table: str, schema: dict, rows: int, stored_file=None) -> Resource:
    """Make ``table`` the resource's rows in one transaction and drop the table it had."""
    from ..services.datasets import touch_dataset

    with transaction.atomic():
        resource = Resource.objects.select_for_update().get(pk=resource_id)
        old = resource.datastore_table
        resource.datastore_table = table
        resource.row_count = rows
        resource.schema = schema
        resource.modified_at = timezone.now()
        fields = ["datastore_table", "row_count", "schema", "modified_at"]
        if stored_file is not None:
            resource.file = stored_file
            resource.size = stored_file.size
            resource.url = ""
            fields += ["file", "size", "url"]
        resource.save(update_fields=fields)
        if old and old != table:
            tables.drop_table(old)
        touch_dataset(resource.dataset)
    return resource


# Background loads of uploaded files.


def start_load(*, resource: Resource, stored_file, started_by, schema: dict | None) -> TableLoad:
    """Queue the check and load of ``stored_file`` into the resource's table; ``schema``
    empty or None means: infer it from the file."""
    from .. import tasks

    load = TableLoad.objects.create(
        resource=resource, file=stored_file, started_by=started_by, schema=schema or {}
    )
    job = start_job(
        task=tasks.load_table,
        label=_("Check and load the table “%(name)s”") % {"name": resource.name[:150]},
        started_by=started_by,
        kwargs={"load_id": str(load.pk)},
    )
    # update(), not save(): an immediate task backend has already finished the load.
    TableLoad.objects.filter(pk=load.pk).update(job=job)
    load.refresh_from_db()
    return load


def _grouped(number: int) -> str:
    return number_format(number, force_grouping=True)


class _Progress:
    def __init__(self, job_id, source):
        self.job_id = job_id
        self.source = source
        self.last = 0.0

    def __call__(self, rows: int, force: bool = False) -> None:
        if self.job_id is None:
            return
        now = time.monotonic()
        if not force and now - self.last < PROGRESS_SECONDS:
            return
        self.last = now
        done, total = self.source.progress() if self.source else (0, 0)
        report_progress(
            self.job_id,
            done=done,
            total=total,
            message=_("Rows checked: %(rows)s.") % {"rows": _grouped(rows)},
        )


def run_load(load_id, *, job_id=None) -> int:
    """Work through one ``TableLoad``; returns the number of rows loaded (0 unless valid)."""
    load = TableLoad.objects.select_related("resource", "file").get(pk=load_id)
    TableLoad.objects.filter(pk=load.pk).update(state=TableLoad.State.RUNNING)
    report = ErrorReport()
    state = {"writer": None, "schema": load.schema}
    try:
        if load.file is None:
            raise SourceProblem("source-error", _("The uploaded file is no longer there."))
        with open_table(load.file) as source:
            _check_and_write(load, source, report, state, _Progress(job_id, source))
    except SourceProblem as problem:
        report.add(type=problem.type, message=problem.message, row=problem.row)
    except Exception:
        logger.exception("Table load %s failed.", load.pk)
        if state["writer"] is not None:
            state["writer"].discard()
        _finish(load, TableLoad.State.FAILED, report, 0, state["schema"])
        raise
    writer = state["writer"]
    if report or writer is None:
        if writer is not None:
            writer.discard()
        _finish(load, TableLoad.State.INVALID, report, 0, state["schema"])
        if job_id is not None:
            report_progress(
                job_id,
                done=1,
                total=1,
                message=_("Problems found: %(count)s. The table was not changed.")
                % {"count": _grouped(report.count)},
            )
        return 0
    try:
        writer.complete()
        switch_to(
            resource_id=load.resource_id,
            table=writer.table,
            schema=state["schema"],
            rows=writer.rows,
            stored_file=load.file,
        )
    except Exception:
        writer.discard()
        _finish(load, TableLoad.State.FAILED, report, 0, state["schema"])
        raise
    _finish(load, TableLoad.State.LOADED, report, writer.rows, state["schema"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=load.started_by,
        obj=load.resource,
        summary=_("Table loaded"),
        changes={"rows": writer.rows, "table": writer.table},
    )
    _prune_files(load)
    if job_id is not None:
        report_progress(
            job_id,
            done=1,
            total=1,
            message=_("Rows loaded: %(rows)s.") % {"rows": _grouped(writer.rows)},
        )
    return writer.rows


def _finish(load: TableLoad, state: str, report: ErrorReport, rows: int, schema) -> None:
    TableLoad.objects.filter(pk=load.pk).update(
        state=state,
        errors=report.errors,
        error_count=report.count,
        rows_loaded=rows,
        schema=schema or {},
        finished_at=timezone.now(),
    )


def _check_and_write(load: TableLoad, source, report: ErrorReport, state: dict, progress) -> None:
    header = source.header
    if not header:
        report.add(type="source-error", row=1, message=_("The file is empty: it has no rows."))
        return
    for column, name, error_type, message in check_names(header):
        report.add(type=error_type, row=1, column=column, field=name, message=message)
    if report:
        return
    rows = source.rows()
    schema = state["schema"]
    if not schema:
        sample = list(itertools.islice(rows, INFERENCE_SAMPLE_ROWS))
        schema = infer_schema(header, [cells for _number, cells in sample])
        state["schema"] = schema
        TableLoad.objects.filter(pk=load.pk).update(schema=schema)
        if not load.resource.datastore_table:
            # Nothing valid to protect yet: the steward can correct the inferred schema.
            Resource.objects.filter(pk=load.resource_id).update(schema=schema)
        rows = itertools.chain(sample, rows)
    names = [field["name"] for field in schema["fields"]]
    index = {name: position for position, name in enumerate(header)}
    for name in names:
        if name not in index:
            report.add(
                type="missing-label",
                row=1,
                field=name,
                message=_(
                    "The column “%(name)s” of the table's schema is missing in the first row "
                    "of the file."
                )
                % {"name": name},
            )
    for position, name in enumerate(header, 1):
        if name not in names:
            report.add(
                type="extra-label",
                row=1,
                column=position,
                field=name,
                message=_(
                    "Column %(column)d, “%(name)s”, is not in the table's schema. Remove the "
                    "column or add the field to the schema."
                )
                % {"column": position, "name": name},
            )
    if report:
        return
    writer = TableWriter(load.resource_id, schema, report)
    state["writer"] = writer
    _write_rows(writer, rows, header, names, index, source.kind == "csv", report, progress)
    writer.finish()


def _write_rows(writer, rows, header, names, index, strict_width, report, progress) -> None:
    width = len(header)
    order = [index[name] for name in names]
    writer.positions = [position + 1 for position in order]
    blank_rows: list[int] = []
    checked = 0
    for row_number, cells in rows:
        if is_blank(cells):
            blank_rows.append(row_number)
            continue
        for blank in blank_rows:  # blank rows before the end of the data
            report.add(
                type="blank-row",
                row=blank,
                message=_("Row %(row)d is empty. Delete empty rows between the data.")
                % {"row": blank},
            )
        blank_rows = []
        if len(cells) > width:
            for position in range(width + 1, len(cells) + 1):
                if strict_width or cells[position - 1] not in (None, ""):
                    report.add(
                        type="extra-cell",
                        row=row_number,
                        column=position,
                        message=_(
                            "Row %(row)d has a cell in column %(column)d, but the first row "
                            "names only %(width)d columns."
                        )
                        % {"row": row_number, "column": position, "width": width},
                    )
        if strict_width and len(cells) < width:
            for position in range(len(cells) + 1, width + 1):
                report.add(
                    type="missing-cell",
                    row=row_number,
                    column=position,
                    field=header[position - 1],
                    message=_(
                        "Row %(row)d has only %(count)d cells: the cell of column %(column)d, "
                        "“%(name)s”, is missing."
                    )
                    % {
                        "row": row_number,
                        "count": len(cells),
                        "column": position,
                        "name": header[position - 1],
                    },
                )
        ordered = [
            (cells[position] if position < len(cells) else (MISSING if strict_width else None))
            for position in order
        ]
        writer.add(row_number, ordered)
        checked += 1
        progress(checked)
    progress(checked, force=True)


def _prune_files(load: TableLoad) -> None:
    """Delete the files of earlier loads of the resource: the loaded file replaced them."""
    from rathaus.core.uploads.models import StoredFile
    from rathaus.core.uploads.services import delete_stored_file

    earlier = TableLoad.objects.filter(resource_id=load.resource_id, created_at__lt=load.created_at)
    file_ids = set(earlier.exclude(file=None).values_list("file_id", flat=True))
    file_ids.discard(load.file_id)
    if not file_ids:
        return
    earlier.filter(file_id__in=file_ids).update(file=None)
    in_use = set(
        Resource.objects.filter(file_id__in=file_ids).values_list("file_id", flat=True)
    ) | set(TableLoad.objects.filter(file_id__in=file_ids).values_list("file_id", flat=True))
    for stored in StoredFile.objects.filter(pk__in=file_ids - in_use):
        delete_stored_file(stored_file=stored, actor=load.started_by)


# Rows from Python.


def load_rows(resource: Resource, schema: dict, rows) -> int:
    """Replace the resource's table with ``rows`` (dicts keyed by field name), checked
    against ``schema``; all or nothing. Returns the number of rows. Raises
    ``DatastoreError`` with the first problem (rows are numbered from 2, as if the field
    names were row 1)."""
    schema = validate_schema(schema)
    report = ErrorReport(limit=20)
    writer = TableWriter(resource.pk, schema, report)
    names = [field["name"] for field in writer.fields]
    known = set(names)
    try:
        for number, row in enumerate(rows, 2):
            unknown = set(row) - known
            if unknown:
                raise DatastoreError(
                    _("Row %(row)d has values for fields the schema does not have: %(names)s.")
                    % {"row": number, "names": ", ".join(sorted(map(str, unknown)))}
                )
            writer.add(number, [row.get(name) for name in names])
            if report:
                break
        if not report:
            writer.finish()
        if report:
            raise DatastoreError(report.errors[0]["message"])
        writer.complete()
        switch_to(resource_id=resource.pk, table=writer.table, schema=schema, rows=writer.rows)
    except BaseException:
        writer.discard()
        raise
    resource.refresh_from_db()
    return writer.rows
