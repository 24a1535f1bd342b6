"""The annual report's figures (``report_data``) against a hand-built year of the programme:
which measures it reports on and their milestones, the key figures against targets with
their months and charts, budget and costs, staff, funding received, the Green-IT figures,
the platform's sections and the outlook."""

import datetime
import json
from decimal import Decimal

import pytest

from rathaus.core.accounts.tests.factories import UnitFactory
from rathaus.core.registries import KeyFigure as RegisteredFigure
from rathaus.core.registries import kpi_registry

from ..models import FundingApplication, KeyFigure, Measure
from ..report import report_data
from .factories import (
    BudgetAccountFactory,
    BudgetAllocationFactory,
    CostItemFactory,
    FieldOfActionFactory,
    FundingApplicationFactory,
    FundingProgrammeFactory,
    KeyFigureFactory,
    KeyFigureTargetFactory,
    KeyFigureValueFactory,
    MeasureFactory,
    MilestoneFactory,
    PostingFactory,
    StaffPlanEntryFactory,
)

YEAR = 2024
TODAY = datetime.date(2025, 3, 1)


def d(month: int, day: int, year: int = YEAR) -> datetime.date:
    return datetime.date(year, month, day)


@pytest.fixture
def year():
    """A year of Weiterstadt's programme, as the module docstring tells."""
    building = UnitFactory(code="60", name="Bauamt")
    main_office = UnitFactory(code="10", name="Hauptamt")
    online = FieldOfActionFactory(slug="online-dienste", title="Online-Dienste", position=1)
    green = FieldOfActionFactory(slug="green-it", title="Green IT", position=2)
    FieldOfActionFactory(slug="barrierefreiheit", title="Barrierefreiheit", position=3)
    e_file = MeasureFactory(
        field=online,
        code="1.1",
        title="E-Akte im Bauamt",
        status=Measure.Status.IN_PROGRESS,
        starts_on=d(2, 1),
        ends_on=d(6, 30, 2025),
        responsible_unit=building,
    )
    MilestoneFactory(measure=e_file, title="Pilot", due_on=d(3, 1), reached_on=d(3, 10))
    MilestoneFactory(measure=e_file, title="Rollout", due_on=d(9, 1))
    MilestoneFactory(measure=e_file, title="Abnahme", due_on=d(3, 1, 2025))
    MilestoneFactory(measure=e_file, title="Ausschreibung", due_on=d(11, 1, 2023))
    parking = MeasureFactory(
        field=online,
        code="1.2",
        title="Bewohnerparkausweis online",
        status=Measure.Status.DONE,
        starts_on=d(1, 1, 2023),
        ends_on=d(5, 31),
    )
    MeasureFactory(
        field=online,
        code="1.3",
        title="Terminbuchung",
        status=Measure.Status.DONE,
        starts_on=d(1, 1, 2022),
        ends_on=d(6, 30, 2023),
    )
    servers = MeasureFactory(
        field=green,
        code="2.1",
        title="Serverraum erneuern",
        status=Measure.Status.PLANNED,
        starts_on=d(2, 1, 2025),
        ends_on=d(12, 31, 2025),
    )
    printers = MeasureFactory(
        field=green,
        code="2.2",
        title="Druckerkonsolidierung",
        status=Measure.Status.IN_PROGRESS,
        starts_on=d(1, 1, 2023),
        ends_on=d(6, 30),
    )

    share = KeyFigureFactory(slug="online-anteil", title="Anteil Online-Anträge", unit="%")
    KeyFigureTargetFactory(figure=share, year=YEAR, value=Decimal("40"))
    KeyFigureTargetFactory(figure=share, year=2025, value=Decimal("50"))
    KeyFigureValueFactory(figure=share, month=d(1, 1), value=Decimal("20"))
    KeyFigureValueFactory(figure=share, month=d(6, 1), value=Decimal("35.5"))
    KeyFigureValueFactory(figure=share, month=d(11, 1), value=Decimal("42"))
    KeyFigureValueFactory(figure=share, month=d(1, 1, 2025), value=Decimal("10"))
    e_file.key_figures.add(share)
    co2 = KeyFigureFactory(
        slug="co2-je-seitenaufruf",
        title="CO2 je Seitenaufruf",
        unit="g",
        direction=KeyFigure.Direction.DOWN,
    )
    KeyFigureTargetFactory(figure=co2, year=YEAR, value=Decimal("0.5"))
    KeyFigureValueFactory(figure=co2, month=d(12, 1), value=Decimal("0.8"))
    paper = KeyFigureFactory(slug="papier", title="Papierverbrauch", unit="Blatt")
    KeyFigureValueFactory(figure=paper, month=d(7, 1), value=Decimal("120000"))
    printers.key_figures.add(paper)

    account = BudgetAccountFactory(number="543100", title="E-Government", key_figure=share)
    BudgetAllocationFactory(account=account, year=YEAR, amount=Decimal("100000"))
    CostItemFactory(measure=e_file, year=YEAR, planned=Decimal("30000"), committed=Decimal("10000"))
    CostItemFactory(measure=parking, year=YEAR, planned=Decimal("5000"))
    CostItemFactory(measure=servers, year=2025, planned=Decimal("8000"))
    PostingFactory(
        account=account,
        measure=e_file,
        amount=Decimal("12000"),
        booked_on=d(5, 2),
        category="services",
    )
    PostingFactory(
        account=account,
        measure=parking,
        amount=Decimal("6000"),
        booked_on=d(3, 1),
        category="services",
    )
    PostingFactory(
        account=account, amount=Decimal("1000.50"), booked_on=d(8, 1), category="services"
    )
    PostingFactory(
        account=account, amount=Decimal("999"), booked_on=d(1, 5, 2025), category="services"
    )
    StaffPlanEntryFactory(unit=building, year=YEAR, fte=Decimal("1.5"))
    StaffPlanEntryFactory(unit=main_office, year=YEAR, fte=Decimal("0.5"))
    StaffPlanEntryFactory(unit=main_office, year=2025, fte=Decimal("3"))

    programme = FundingProgrammeFactory(name="Starke Heimat Hessen", funder="Land Hessen")
    FundingApplicationFactory(
        programme=programme,
        measure=e_file,
        status=FundingApplication.Status.GRANTED,
        submitted_on=d(2, 1),
        decided_on=d(7, 1),
        amount_requested=Decimal("20000"),
        amount_granted=Decimal("15000"),
    )
    FundingApplicationFactory(
        programme=programme,
        status=FundingApplication.Status.GRANTED,
        submitted_on=d(2, 1, 2023),
        decided_on=d(6, 1, 2023),
        amount_granted=Decimal("9999"),
    )
    FundingApplicationFactory(
        programme=programme, status=FundingApplication.Status.SUBMITTED, submitted_on=d(10, 1)
    )


@pytest.fixture
def data(year):
    return report_data(YEAR, today=TODAY)


def measures_of(data) -> dict:
    return {row["code"]: row for field in data["fields"] for row in field["measures"]}


def test_the_report_covers_the_measures_that_ran_in_the_year(data):
    assert [field["title"] for field in data["fields"]] == [
        "Online-Dienste",
        "Green IT",
        "Barrierefreiheit",
    ]
    # 1.3 closed the year before, 2.1 starts the year after.
    assert list(measures_of(data)) == ["1.1", "1.2", "2.2"]
    assert data["fields"][2]["measures"] == []
    assert data["fields"][0]["by_status"] == {
        "planned": 0,
        "in_progress": 1,
        "done": 1,
        "stopped": 0,
    }


def test_each_measure_has_status_dates_and_the_years_milestones(data):
    e_file = measures_of(data)["1.1"]
    assert e_file["title"] == "E-Akte im Bauamt"
    assert e_file["status"] == "in_progress"
    assert (e_file["starts_on"], e_file["ends_on"]) == ("2024-02-01", "2025-06-30")
    assert e_file["unit"] == "Bauamt"
    assert e_file["overdue"] is False
    assert e_file["milestones"] == [
        {
            "title": "Pilot",
            "due_on": "2024-03-01",
            "reached_on": "2024-03-10",
            "state": "reached",
            "late": True,
        },
        {
            "title": "Rollout",
            "due_on": "2024-09-01",
            "reached_on": None,
            "state": "overdue",
            "late": False,
        },
    ]
    assert (e_file["milestones_reached"], e_file["milestones_overdue"]) == (1, 1)
    assert measures_of(data)["1.2"]["done_in_year"] is True
    assert measures_of(data)["2.2"]["overdue"] is True


def test_the_summary_counts_the_year(data):
    summary = data["summary"]
    assert summary["fields"] == 3
    assert summary["measures"] == 3
    assert summary["by_status"] == {"planned": 0, "in_progress": 2, "done": 1, "stopped": 0}
    assert summary["done_in_year"] == 1
    assert summary["overdue"] == 1
    assert (summary["milestones"], summary["milestones_reached"]) == (2, 1)
    assert summary["milestones_overdue"] == 1
    assert (summary["figures"], summary["figures_with_target"]) == (3, 2)
    assert summary["figures_meeting_target"] == 1
    assert Decimal(summary["actual"]) == Decimal("19000.50")
    assert Decimal(summary["funding_granted"]) == Decimal("15000")
    assert Decimal(summary["fte"]) == Decimal("2")


def test_key_figures_against_targets_with_months_and_chart(data):
    figures = {row["slug"]: row for row in data["figures"]}
    share = figures["online-anteil"]
    assert Decimal(share["value"]) == Decimal("42")  # the latest month of the year
    assert Decimal(share["target"]) == Decimal("40")
    assert share["meets_target"] is True
    assert share["is_budget_figure"] is True
    assert share["measures"] == ["1.1"]
    assert [month["month"] for month in share["months"]] == [f"2024-{m:02d}" for m in range(1, 13)]
    values = [month["value"] for month in share["months"]]
    assert Decimal(values[0]) == Decimal("20") and Decimal(values[5]) == Decimal("35.5")
    assert values[1] is None
    assert share["chart_svg"].startswith("<svg")
    assert 'role="img"' in share["chart_svg"] and "<title" in share["chart_svg"]
    assert "Anteil Online-Anträge" in share["chart_svg"]
    co2 = figures["co2-je-seitenaufruf"]
    assert co2["meets_target"] is False  # lower is better: 0.8 g is above 0.5 g
    assert figures["papier"]["target"] is None and figures["papier"]["meets_target"] is None


def test_green_it_lists_the_figures_that_say_so_or_belong_to_the_field(data):
    # CO2 by its name, paper by its measure in the Green-IT field of action.
    assert [row["slug"] for row in data["green_it"]] == ["co2-je-seitenaufruf", "papier"]


def test_budget_costs_and_staff_of_the_year(data):
    budget = data["budget"]
    assert Decimal(budget["budget"]) == Decimal("100000")
    assert Decimal(budget["planned"]) == Decimal("35000")
    assert Decimal(budget["committed"]) == Decimal("10000")
    assert Decimal(budget["actual"]) == Decimal("19000.50")
    assert Decimal(budget["remaining"]) == Decimal("80999.50")
    costs = {row["code"]: row for row in budget["measures"]}
    assert Decimal(costs["1.1"]["actual"]) == Decimal("12000")
    assert costs["1.1"]["over_plan"] is False
    assert costs["1.2"]["over_plan"] is True  # 6,000 spent, 5,000 planned
    assert budget["measures_over_plan"] == 1
    [account] = budget["accounts"]
    assert account["number"] == "543100"
    assert Decimal(account["budget"]) == Decimal("100000")
    assert Decimal(account["actual"]) == Decimal("19000.50")
    assert [(row["unit"], Decimal(row["fte"])) for row in data["staff"]["units"]] == [
        ("Hauptamt", Decimal("0.5")),
        ("Bauamt", Decimal("1.5")),
    ]


def test_funding_received_is_what_was_granted_in_the_year(data):
    funding = data["funding"]
    [granted] = funding["granted"]
    assert granted["programme"] == "Starke Heimat Hessen"
    assert granted["measure"] == "1.1 E-Akte im Bauamt"
    assert granted["decided_on"] == "2024-07-01"
    assert Decimal(granted["requested"]) == Decimal("20000")
    assert Decimal(granted["granted"]) == Decimal("15000")
    assert Decimal(funding["total_granted"]) == Decimal("15000")
    assert funding["submitted_in_year"] == 2


def test_the_outlook_lists_the_measures_of_the_next_year(data):
    outlook = data["outlook"]
    assert outlook["year"] == 2025
    rows = {row["code"]: row for row in outlook["measures"]}
    assert list(rows) == ["1.1", "2.1"]
    assert rows["2.1"]["starts_next_year"] is True
    assert rows["1.1"]["starts_next_year"] is False
    assert rows["1.1"]["milestones"] == [{"title": "Abnahme", "due_on": "2025-03-01"}]
    assert Decimal(outlook["planned"]) == Decimal("8000")


def test_the_platform_sections_list_the_registered_figures_of_their_modules(data):
    platform = data["platform"]
    assert set(platform) == {"participation", "opendata", "training"}
    participation = {row["key"] for row in platform["participation"]}
    # The participation package's modules (defects, surveys, …) belong here too.
    assert {"participation.participants", "defects.reports"} <= participation
    assert "opendata.published_datasets" in {row["key"] for row in platform["opendata"]}
    assert "training.certificates" in {row["key"] for row in platform["training"]}
    assert not any(row["key"].startswith("services.") for rows in platform.values() for row in rows)


def test_a_new_modules_figure_appears_in_its_section(year):
    entry = RegisteredFigure(
        key="participation.test_visitors",
        label="Besuche der Beteiligungsseiten",
        unit="Besuche",
        compute=lambda town, period: 1234,
    )
    kpi_registry.add(entry)
    try:
        data = report_data(YEAR, today=TODAY)
    finally:
        kpi_registry.remove(entry.key)
    [row] = [row for row in data["platform"]["participation"] if row["key"] == entry.key]
    assert row == {
        "key": "participation.test_visitors",
        "label": "Besuche der Beteiligungsseiten",
        "unit": "Besuche",
        "value": "1234",
    }


def test_the_data_is_plain_json(data):
    assert json.loads(json.dumps(data)) == data
    assert data["year"] == YEAR
    assert data["period"] == {"first": "2024-01-01", "last": "2024-12-31"}
    assert data["complete_year"] is True


def test_a_running_year_is_reported_up_to_today(year):
    data = report_data(YEAR, today=d(10, 15))
    assert data["period"] == {"first": "2024-01-01", "last": "2024-10-15"}
    assert data["complete_year"] is False
    # The rollout (due 1 September) is overdue already; the milestone data knows it.
    assert measures_of(data)["1.1"]["milestones_overdue"] == 1


def test_progress_is_told_step_by_step(year):
    steps = []
    report_data(YEAR, today=TODAY, progress=lambda done, total, message: steps.append(done))
    assert steps == list(range(1, len(steps) + 1))
    assert len(steps) == 6 + 3  # six parts and one step per key figure


def test_a_past_year_shows_each_measure_with_the_status_it_had_then(officer):
    import time_machine

    from ..services import concept

    field = FieldOfActionFactory(slug="online-dienste", title="Online-Dienste")
    with time_machine.travel(datetime.datetime(2024, 2, 1, 10, 0), tick=False):
        portal = concept.create_measure(
            actor=officer,
            field=field,
            code="1.1",
            title="Serviceportal",
            goal="Ziel",
            status=Measure.Status.IN_PROGRESS,
            starts_on=d(2, 1),
            ends_on=d(11, 30),
        )
    with time_machine.travel(datetime.datetime(2025, 2, 10, 10, 0), tick=False):
        concept.change_measure_status(actor=officer, measure=portal, status=Measure.Status.DONE)

    row = measures_of(report_data(YEAR, today=TODAY))["1.1"]
    # At the end of 2024 it was still in progress, and late; it was done only in 2025,
    # so 2025's report lists it as done in that year although it was to end in 2024.
    assert row["status"] == Measure.Status.IN_PROGRESS
    assert row["overdue"] is True and row["done_in_year"] is False
    row = measures_of(report_data(2025, today=TODAY))["1.1"]
    assert row["status"] == Measure.Status.DONE and row["done_in_year"] is True
    # A year later it was closed before the year began and ended before it: not listed.
    later = report_data(2026, today=datetime.date(2026, 6, 1))
    assert "1.1" not in measures_of(later)
