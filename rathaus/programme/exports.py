"""The cost plan and the staff plan as spreadsheets: CSV the way German Excel opens it
(UTF-8 with byte order mark, ";" between cells, "1234,56" for numbers) and XLSX (numbers
as numbers, amounts with a euro format).

No cell is ever a formula: a text starting with = + - @ (or a tab or carriage return)
gets a leading apostrophe in CSV and is stored as a string, shown with Excel's quote
prefix, in XLSX. Numbers are numbers, so "-120,00" stays a negative amount.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F
from django.http import HttpResponse
from django.utils.translation import gettext as _

from .models import StaffPlanEntry
from .plan import CostPlan, cost_plan

# A cell a spreadsheet would take for a formula starts with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MONEY_FORMAT = '#,##0.00 "€";-#,##0.00 "€"'
NUMBER_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text, money, number (two decimals) or integer
    width: int = 14


@dataclass(frozen=True)
class Table:
    title: str
    columns: list[Column]
    rows: list[list]


def safe_text(value) -> str:
    """The value as text; one a spreadsheet would read as a formula gets a leading quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_value(value, kind: str) -> str:
    if value is None or value == "":
        return ""
    if kind in ("money", "number") and isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    if kind == "integer" and isinstance(value, int):
        return str(value)
    return safe_text(value)


def csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([safe_text(column.label) for column in table.columns])
    for row in table.rows:
        writer.writerow(
            [
                _csv_value(value, column.kind)
                for value, column in zip(row, table.columns, strict=True)
            ]
        )
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(table: Table) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=index)
        _set_text(cell, column.label)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for row_index, row in enumerate(table.rows, start=2):
        for index, (value, column) in enumerate(zip(row, table.columns, strict=True), start=1):
            cell = sheet.cell(row=row_index, column=index)
            if value is None or value == "":
                continue
            if column.kind in ("money", "number") and isinstance(value, Decimal):
                cell.value = value
                cell.number_format = MONEY_FORMAT if column.kind == "money" else NUMBER_FORMAT
            elif column.kind == "integer" and isinstance(value, int):
                cell.value = value
            else:
                _set_text(cell, value)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _set_text(cell, value) -> None:
    text = str(value)
    cell.value = text
    # openpyxl takes a text starting with "=" for a formula: keep it a string.
    cell.data_type = "s"
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def response(table: Table, *, file_name: str, kind: str) -> HttpResponse:
    """The table as a download, ``kind`` "csv" or "xlsx"."""
    if kind == "xlsx":
        result = HttpResponse(xlsx_bytes(table), content_type=XLSX_TYPE)
    else:
        result = HttpResponse(csv_bytes(table), content_type="text/csv; charset=utf-8")
    result["Content-Disposition"] = f'attachment; filename="{file_name}.{kind}"'
    return result


# ------------------------------------------------------------------ the tables


def cost_plan_table(year: int, plan: CostPlan | None = None) -> Table:
    """The cost plan of ``year``: a row per measure and type of cost, then the total."""
    plan = plan or cost_plan(year)
    columns = [
        Column(_("Year"), "integer", 8),
        Column(_("Measure number"), "text", 10),
        Column(_("Measure"), "text", 40),
        Column(_("Field of action"), "text", 30),
        Column(_("Type of cost"), "text", 18),
        Column(_("One-off, planned (EUR)"), "money", 18),
        Column(_("Running, planned (EUR)"), "money", 18),
        Column(_("Planned (EUR)"), "money", 16),
        Column(_("Committed (EUR)"), "money", 16),
        Column(_("Actual (EUR)"), "money", 16),
        Column(_("Planned minus actual (EUR)"), "money", 18),
        Column(_("Over plan"), "text", 10),
    ]
    rows: list[list] = []

    def line_values(line) -> list:
        return [
            line.one_off,
            line.running,
            line.planned,
            line.committed,
            line.actual,
            line.difference,
            _("yes") if line.over_plan else _("no"),
        ]

    for item in plan.measures:
        measure = item.measure
        for line in item.lines:
            rows.append(
                [year, measure.code, measure.title, measure.field.title, line.label]
                + line_values(line)
            )
    if plan.unassigned_actual:
        rows.append(
            [year, "", _("Postings without a measure"), "", ""]
            + [None, None, None, None, plan.unassigned_actual, None, ""]
        )
    total = plan.total
    rows.append(
        [year, "", _("Total"), "", ""]
        + [
            total.one_off,
            total.running,
            total.planned,
            total.committed,
            total.actual + plan.unassigned_actual,
            total.planned - total.actual - plan.unassigned_actual,
            "",
        ]
    )
    return Table(title=_("Cost plan %(year)s") % {"year": year}, columns=columns, rows=rows)


def staff_entries(year: int) -> Iterable[StaffPlanEntry]:
    return (
        StaffPlanEntry.objects.filter(year=year)
        .select_related("unit", "measure")
        # The programme as a whole first, on every database.
        .order_by("unit__code", F("measure__code").asc(nulls_first=True), "pk")
    )


def staff_plan_table(year: int) -> Table:
    """The staff plan of ``year``: a row per entry, then the total."""
    columns = [
        Column(_("Year"), "integer", 8),
        Column(_("Unit code"), "text", 10),
        Column(_("Unit"), "text", 34),
        Column(_("Measure"), "text", 40),
        Column(_("Full-time equivalents"), "number", 14),
        Column(_("Note"), "text", 40),
    ]
    rows: list[list] = []
    total = Decimal("0.00")
    for entry in staff_entries(year):
        rows.append(
            [
                year,
                entry.unit.code,
                entry.unit.name,
                str(entry.measure) if entry.measure else _("The programme as a whole"),
                entry.fte,
                entry.note,
            ]
        )
        total += entry.fte
    rows.append([year, "", _("Total"), "", total, ""])
    return Table(title=_("Staff plan %(year)s") % {"year": year}, columns=columns, rows=rows)
