"""The cost plan and staff plan as CSV (German Excel: BOM, ";", decimal comma, no formula
can run) and XLSX (numbers as numbers with a euro format, texts never formulas)."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from rathaus.core.accounts.tests.factories import UnitFactory

from ..exports import Column, Table, csv_bytes, safe_text, xlsx_bytes
from .factories import (
    THIS_YEAR,
    BudgetAccountFactory,
    CostItemFactory,
    MeasureFactory,
    PostingFactory,
    StaffPlanEntryFactory,
)

FORMULAS = ['=HYPERLINK("http://evil.example","Klick")', "+49 6150 4000", "-1+2", "@SUM(A1)"]


@pytest.fixture
def plan_world():
    measure = MeasureFactory(this_year=True, code="3.1", title=FORMULAS[0])
    CostItemFactory(measure=measure, category="services", planned=Decimal("28000"))
    CostItemFactory(
        measure=measure, category="licences", kind="running", planned=Decimal("21000.50")
    )
    account = BudgetAccountFactory()
    PostingFactory(account=account, measure=measure, category="services", amount=Decimal("-120"))
    PostingFactory(account=account, measure=None, amount=Decimal("1000"))
    unit = UnitFactory(code="60", name="@Bauamt")
    StaffPlanEntryFactory(unit=unit, fte=Decimal("1.5"), note=FORMULAS[2])
    StaffPlanEntryFactory(unit=unit, measure=measure, fte=Decimal("0.25"), note=FORMULAS[1])
    return measure


def _csv_rows(response) -> list[list[str]]:
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf"), "UTF-8 byte order mark for Excel"
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


def test_cost_plan_csv_is_what_german_excel_reads(officer_client, plan_world):
    response = officer_client.get(reverse("programme:plan_costs_export", args=["csv"]))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="kostenplan-{THIS_YEAR}.csv"' in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0][:5] == ["Year", "Measure number", "Measure", "Field of action", "Type of cost"]
    licences, services, unassigned, total = rows[1:]
    assert licences[4] == "Licences"
    assert licences[5:8] == ["0,00", "21000,50", "21000,50"]
    assert services[5] == "28000,00"
    # A refund is a negative number, not text.
    assert services[9] == "-120,00"
    assert unassigned[2] == "Postings without a measure" and unassigned[9] == "1000,00"
    assert total[2] == "Total"
    assert total[7] == "49000,50" and total[9] == "880,00"


def test_csv_cells_never_start_a_formula(officer_client, plan_world):
    rows = _csv_rows(officer_client.get(reverse("programme:plan_costs_export", args=["csv"])))

    assert rows[1][2] == "'" + FORMULAS[0]
    staff = _csv_rows(officer_client.get(reverse("programme:plan_staff_export", args=["csv"])))
    cells = [cell for row in staff for cell in row]
    assert "'@Bauamt" in cells
    assert "'" + FORMULAS[1] in cells and "'" + FORMULAS[2] in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)


def test_safe_text_quotes_each_formula_start():
    for text in [*FORMULAS, "\tTab", "\rCR"]:
        assert safe_text(text) == "'" + text
    assert safe_text("Bauamt") == "Bauamt"
    assert safe_text(None) == ""


def test_cost_plan_xlsx_has_numbers_with_a_euro_format(officer_client, plan_world):
    response = officer_client.get(reverse("programme:plan_costs_export", args=["xlsx"]))

    assert response.status_code == 200
    assert f'filename="kostenplan-{THIS_YEAR}.xlsx"' in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == f"Cost plan {THIS_YEAR}"
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["Year", "Measure number", "Measure"]
    licences = sheet[2]
    assert licences[0].value == THIS_YEAR
    assert licences[6].value == pytest.approx(21000.5)
    assert licences[6].data_type == "n"
    assert "€" in licences[6].number_format
    services = sheet[3]
    assert services[9].value == pytest.approx(-120)
    total = sheet[sheet.max_row]
    assert total[7].value == pytest.approx(49000.5)


def test_xlsx_texts_are_never_formulas(officer_client, plan_world):
    response = officer_client.get(reverse("programme:plan_costs_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active

    cell = sheet.cell(row=2, column=3)
    assert cell.value == FORMULAS[0]
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_staff_plan_xlsx_has_fte_as_numbers(officer_client, plan_world):
    response = officer_client.get(reverse("programme:plan_staff_export", args=["xlsx"]))

    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[4] for row in values] == [
        pytest.approx(1.5),
        pytest.approx(0.25),
        pytest.approx(1.75),
    ]
    assert values[0][5] == FORMULAS[2]
    assert values[-1][2] == "Total"


def test_the_year_of_the_export_is_chosen(officer_client, plan_world):
    CostItemFactory(measure=plan_world, year=THIS_YEAR + 1, planned=Decimal("77"))

    response = officer_client.get(
        reverse("programme:plan_costs_export", args=["csv"]), {"year": THIS_YEAR + 1}
    )

    rows = _csv_rows(response)
    assert f'filename="kostenplan-{THIS_YEAR + 1}.csv"' in response["Content-Disposition"]
    assert rows[1][0] == str(THIS_YEAR + 1) and rows[1][5] == "77,00"


def test_other_formats_are_not_offered(officer_client):
    response = officer_client.get("/staff/programm/plan/kosten/export.pdf")
    assert response.status_code == 404


def test_writers_handle_empty_cells():
    table = Table(
        "T",
        [Column("Text"), Column("Money", "money"), Column("Int", "integer")],
        [["=1+1", None, 3], ["", Decimal("1.5"), None]],
    )

    assert csv_bytes(table).decode("utf-8-sig").splitlines() == [
        "Text;Money;Int",
        "'=1+1;;3",
        ";1,50;",
    ]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(table))).active
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B3"].value == pytest.approx(1.5)
