"""The plan pages: the roadmap (every member of staff) with its SVG and table alternative
and filters; the cost plan and staff plan (the officer) with their forms and errors; who
may open and change what."""

# ruff: noqa: S314

import datetime
import html
import re
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.tests.factories import UnitFactory
from rathaus.core.audit.models import AuditEntry

from ..models import CostItem, Measure, StaffPlanEntry
from ..roadmap import roadmap_svg
from .factories import (
    THIS_YEAR,
    BudgetAccountFactory,
    CostItemFactory,
    FieldOfActionFactory,
    MeasureFactory,
    MilestoneFactory,
    PostingFactory,
    StaffPlanEntryFactory,
)

SVG = "{http://www.w3.org/2000/svg}"
TODAY = datetime.date(THIS_YEAR, 7, 1)


def _text(page: str) -> str:
    """The page's text as a reader gets it: tags gone, entities read, spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\xa0", " ").split())


@pytest.fixture
def roadmap_world():
    online = FieldOfActionFactory(title="Online-Dienste", position=1)
    paper = FieldOfActionFactory(title="E-Akte", position=2)
    parking = MeasureFactory(
        this_year=True,
        field=online,
        code="1.1",
        title="Bewohnerparkausweis online",
        status=Measure.Status.DONE,
        starts_on=datetime.date(THIS_YEAR - 1, 4, 1),
        ends_on=datetime.date(THIS_YEAR, 3, 31),
    )
    bauamt = MeasureFactory(
        this_year=True,
        field=paper,
        code="3.1",
        title="E-Akte im Bauamt einführen",
        status=Measure.Status.IN_PROGRESS,
        starts_on=datetime.date(THIS_YEAR - 1, 10, 1),
        ends_on=datetime.date(THIS_YEAR, 6, 30),
    )
    MilestoneFactory(
        measure=parking,
        title="Freischaltung",
        due_on=datetime.date(THIS_YEAR, 3, 1),
        reached_on=datetime.date(THIS_YEAR, 2, 20),
    )
    MilestoneFactory(measure=bauamt, title="Pilot im Bauamt", due_on=datetime.date(THIS_YEAR, 5, 1))
    later = MeasureFactory(
        this_year=True,
        field=paper,
        code="3.2",
        title="E-Akte in allen Ämtern",
        status=Measure.Status.PLANNED,
        starts_on=datetime.date(THIS_YEAR + 1, 1, 1),
        ends_on=datetime.date(THIS_YEAR + 1, 12, 31),
    )
    return {"online": online, "paper": paper, "parking": parking, "bauamt": bauamt, "later": later}


# ------------------------------------------------------------------ the SVG


def _roadmap(measures, today=TODAY):
    return roadmap_svg(
        Measure.objects.filter(pk__in=[m.pk for m in measures])
        .select_related("field")
        .prefetch_related("milestones"),
        first_quarter=(THIS_YEAR - 1, 1),
        last_quarter=(THIS_YEAR + 1, 4),
        today=today,
    )


def test_the_roadmap_is_an_accessible_svg_image(roadmap_world):
    svg = _roadmap([roadmap_world["parking"], roadmap_world["bauamt"], roadmap_world["later"]])

    root = ET.fromstring(svg)  # well-formed
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "roadmap-title roadmap-desc"
    title = root.find(f"{SVG}title").text
    assert title == f"Roadmap from Q1 {THIS_YEAR - 1} to Q4 {THIS_YEAR + 1}"
    description = root.find(f"{SVG}desc").text
    assert "3 measures in 2 field(s) of action" in description
    assert "1 measure overdue" in description
    assert "3.1 E-Akte im Bauamt einführen (E-Akte): In progress" in description
    assert "Pilot im Bauamt due" in description


def test_overdue_items_are_hatched_and_labelled_in_words(roadmap_world):
    svg = _roadmap([roadmap_world["parking"], roadmap_world["bauamt"]])
    root = ET.fromstring(svg)

    hatched = [element for element in root.iter() if element.get("fill") == "url(#roadmap-overdue)"]
    # The overdue measure's bar, its overdue milestone (a diamond), and the legend's two.
    assert [element.tag for element in hatched] == [
        f"{SVG}rect",
        f"{SVG}polygon",
        f"{SVG}rect",
        f"{SVG}polygon",
    ]
    texts = [element.text for element in root.iter(f"{SVG}text")]
    assert "Overdue" in texts
    assert root.find(f"{SVG}defs/{SVG}pattern").get("id") == "roadmap-overdue"


def test_milestones_are_diamonds_and_today_is_a_line(roadmap_world):
    svg = _roadmap([roadmap_world["parking"], roadmap_world["bauamt"]])
    root = ET.fromstring(svg)

    diamonds = list(root.iter(f"{SVG}polygon"))
    # Two milestones and three in the legend.
    assert len(diamonds) == 5
    assert any(
        line.get("stroke-dasharray") and line.get("y2") != line.get("y1")
        for line in root.iter(f"{SVG}line")
    )
    assert "Today" in [element.text for element in root.iter(f"{SVG}text")]


def test_today_outside_the_period_draws_no_line(roadmap_world):
    svg = _roadmap([roadmap_world["parking"]], today=datetime.date(THIS_YEAR + 5, 1, 1))

    texts = [element.text for element in ET.fromstring(svg).iter(f"{SVG}text")]
    # Only the legend names "Today".
    assert texts.count("Today") == 1


def test_titles_are_escaped_in_the_svg(roadmap_world):
    measure = roadmap_world["parking"]
    measure.title = '<script>alert("x")</script> & mehr'
    measure.save()

    svg = _roadmap([measure])

    assert "<script>" not in svg
    ET.fromstring(svg)


def test_a_measure_without_dates_says_so(roadmap_world):
    measure = MeasureFactory(
        this_year=True, field=roadmap_world["online"], starts_on=None, ends_on=None
    )

    svg = _roadmap([measure])

    assert "no dates yet" in svg


# ------------------------------------------------------------------ the roadmap page


def test_staff_see_the_roadmap_and_its_table(colleague_client, roadmap_world):
    response = colleague_client.get(reverse("programme:plan_roadmap"))

    assert response.status_code == 200
    page = response.text
    assert 'role="img"' in page
    assert 'href="#roadmap-table"' in page and 'id="roadmap-table"' in page
    text = _text(page)
    assert "Bewohnerparkausweis online" in text
    assert "E-Akte im Bauamt einführen" in text
    assert "Freischaltung, due" in text
    # Only the officer's tabs lead to money.
    assert reverse("programme:plan_costs") not in page


def test_the_table_marks_what_is_overdue(colleague_client, roadmap_world):
    page = colleague_client.get(reverse("programme:plan_roadmap")).text

    rows = re.findall(r"<tr class=\"kern-table__row\">(.*?)</tr>", page, re.S)
    bauamt = _text(next(row for row in rows if "E-Akte im Bauamt" in row))
    parking = _text(next(row for row in rows if "Bewohnerparkausweis" in row))
    if timezone.localdate() > datetime.date(THIS_YEAR, 6, 30):
        assert bauamt.endswith("Overdue")
    assert "Pilot im Bauamt" in bauamt
    assert parking.endswith("No")


def test_filters_by_field_status_and_years(colleague_client, roadmap_world):
    url = reverse("programme:plan_roadmap")

    by_field = _text(colleague_client.get(url, {"field": roadmap_world["online"].pk}).text)
    assert "Bewohnerparkausweis" in by_field and "E-Akte im Bauamt" not in by_field

    by_status = _text(colleague_client.get(url, {"status": "planned"}).text)
    assert "E-Akte in allen Ämtern" in by_status and "Bewohnerparkausweis" not in by_status

    later = _text(
        colleague_client.get(url, {"first_year": THIS_YEAR + 1, "last_year": THIS_YEAR + 1}).text
    )
    assert "E-Akte in allen Ämtern" in later and "Bewohnerparkausweis" not in later


def test_too_many_years_are_refused_with_a_message(colleague_client, roadmap_world):
    response = colleague_client.get(
        reverse("programme:plan_roadmap"),
        {"first_year": THIS_YEAR - 3, "last_year": THIS_YEAR + 4},
    )

    assert response.status_code == 400
    assert "Show at most 6 years at once." in response.text


def test_a_citizen_and_visitors_do_not_see_the_roadmap(client, citizen):
    response = client.get(reverse("programme:plan_roadmap"))
    assert response.status_code == 302
    client.force_login(citizen)
    assert client.get(reverse("programme:plan_roadmap")).status_code == 404


# ------------------------------------------------------------------ cost plan


@pytest.fixture
def costs_world():
    measure = MeasureFactory(this_year=True, code="3.1", title="E-Akte im Bauamt einführen")
    CostItemFactory(
        measure=measure,
        category="licences",
        kind="running",
        planned=Decimal("21000"),
        description="Lizenzen",
    )
    CostItemFactory(measure=measure, category="services", planned=Decimal("28000"))
    account = BudgetAccountFactory()
    PostingFactory(account=account, measure=measure, category="services", amount=Decimal("36850"))
    PostingFactory(account=account, measure=measure, category="licences", amount=Decimal("15750"))
    return {"measure": measure, "account": account}


def test_the_officer_sees_the_cost_plan_with_a_warning(officer_client, costs_world):
    response = officer_client.get(reverse("programme:plan_costs"))

    assert response.status_code == 200
    text = _text(response.text)
    assert f"Cost plan {THIS_YEAR}" in text
    # Planned 49,000, actual 52,600: over plan.
    assert (
        "3.1 E-Akte im Bauamt einführen: actual costs of 52,600.00 € exceed the planned "
        "49,000.00 €." in text
    )
    assert "Total of measure 3.1 – over plan" in text
    assert "36,850.00 €" in text


def test_another_year_is_chosen_by_its_number(officer_client, costs_world):
    CostItemFactory(measure=costs_world["measure"], year=THIS_YEAR + 1, planned=Decimal("4321"))

    text = _text(officer_client.get(reverse("programme:plan_costs"), {"year": THIS_YEAR + 1}).text)

    assert f"Cost plan {THIS_YEAR + 1}" in text
    assert "4,321.00 €" in text
    assert "over plan" not in text


def test_the_officer_adds_a_cost_item_in_german_notation(officer_client, costs_world, settings):
    settings.LANGUAGE_CODE = "de"
    response = officer_client.post(
        reverse("programme:plan_cost_new"),
        {
            "measure": costs_world["measure"].pk,
            "year": THIS_YEAR + 1,
            "kind": "one_off",
            "category": "hardware",
            "description": "Scanner",
            "planned": "12.345,60",
            "committed": "1.000",
        },
    )

    assert response.status_code == 302
    item = CostItem.objects.get(description="Scanner")
    assert (item.planned, item.committed, item.year) == (
        Decimal("12345.60"),
        Decimal("1000.00"),
        THIS_YEAR + 1,
    )
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.CREATE, object_id=str(item.pk)
    ).exists()


def test_bad_cost_items_are_refused_and_the_form_keeps_the_input(officer_client, costs_world):
    response = officer_client.post(
        reverse("programme:plan_cost_new"),
        {
            "measure": costs_world["measure"].pk,
            "year": THIS_YEAR + 40,
            "kind": "one_off",
            "category": "hardware",
            "description": "Scanner für alle",
            "planned": "-5",
            "committed": "zwölf",
        },
    )

    assert response.status_code == 400
    text = _text(response.text)
    assert "Amounts must not be negative." in text
    assert "Enter an amount in euros, for example 1.234,56." in text
    assert f"Enter a year between {THIS_YEAR - 10} and {THIS_YEAR + 10}." in text
    assert 'value="Scanner für alle"' in response.text
    assert 'value="zwölf"' in response.text
    assert not CostItem.objects.filter(description="Scanner für alle").exists()


def test_the_officer_changes_and_removes_a_cost_item(officer_client, costs_world):
    item = CostItem.objects.get(description="Lizenzen")

    response = officer_client.post(
        reverse("programme:plan_cost_edit", args=[item.pk]),
        {
            "measure": item.measure_id,
            "year": THIS_YEAR,
            "kind": "running",
            "category": "licences",
            "description": "Lizenzen (mehr Plätze)",
            "planned": "24000",
            "committed": "24000",
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.planned, item.description) == (Decimal("24000.00"), "Lizenzen (mehr Plätze)")
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.UPDATE, object_id=str(item.pk)
    ).exists()

    confirm = officer_client.get(reverse("programme:plan_cost_delete", args=[item.pk]))
    assert confirm.status_code == 200
    assert (
        officer_client.post(reverse("programme:plan_cost_delete", args=[item.pk])).status_code
        == 302
    )
    assert not CostItem.objects.filter(pk=item.pk).exists()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETE, object_id=str(item.pk)
    ).exists()


def test_staff_without_the_officer_role_get_404_on_money(colleague_client, colleague, costs_world):
    item = CostItem.objects.first()
    entry = StaffPlanEntryFactory()
    urls = [
        reverse("programme:plan_costs"),
        reverse("programme:plan_costs_export", args=["csv"]),
        reverse("programme:plan_costs_export", args=["xlsx"]),
        reverse("programme:plan_cost_new"),
        reverse("programme:plan_cost_edit", args=[item.pk]),
        reverse("programme:plan_cost_delete", args=[item.pk]),
        reverse("programme:plan_staff"),
        reverse("programme:plan_staff_export", args=["csv"]),
        reverse("programme:plan_staff_new"),
        reverse("programme:plan_staff_edit", args=[entry.pk]),
        reverse("programme:budget"),
    ]
    for url in urls:
        assert colleague_client.get(url).status_code == 404, url
    response = colleague_client.post(reverse("programme:plan_cost_delete", args=[item.pk]))
    assert response.status_code == 404
    assert CostItem.objects.filter(pk=item.pk).exists()
    assert AuditEntry.objects.filter(
        actor_id=str(colleague.pk), action=AuditEntry.Action.PERMISSION_DENIED
    ).exists()


# ------------------------------------------------------------------ staff plan


def test_the_officer_plans_staff_and_sees_the_totals(officer_client):
    building = UnitFactory(code="60", name="Bauamt")
    order = UnitFactory(code="32", name="Ordnungsamt")
    StaffPlanEntryFactory(unit=order, fte=Decimal("0.25"))

    response = officer_client.post(
        reverse("programme:plan_staff_new"),
        {"unit": building.pk, "measure": "", "year": THIS_YEAR, "fte": "1.5", "note": "Pilot"},
    )

    assert response.status_code == 302
    entry = StaffPlanEntry.objects.get(unit=building)
    assert (entry.fte, entry.measure, entry.note) == (Decimal("1.50"), None, "Pilot")
    text = _text(officer_client.get(reverse("programme:plan_staff")).text)
    assert f"Staff plan {THIS_YEAR}" in text
    assert "32 Ordnungsamt 0.00 0.25 0.00 0.00" in text
    assert "60 Bauamt 0.00 1.50 0.00 0.00" in text
    assert "Total 0.00 1.75 0.00 0.00" in text


def test_negative_staff_is_refused(officer_client):
    unit = UnitFactory(code="60", name="Bauamt")

    response = officer_client.post(
        reverse("programme:plan_staff_new"),
        {"unit": unit.pk, "year": THIS_YEAR, "fte": "-1", "note": "falsch"},
    )

    assert response.status_code == 400
    assert "Full-time equivalents must not be negative." in response.text
    assert not StaffPlanEntry.objects.exists()


def test_the_officer_changes_and_removes_a_staff_entry(officer_client):
    entry = StaffPlanEntryFactory(fte=Decimal("1"))

    response = officer_client.post(
        reverse("programme:plan_staff_edit", args=[entry.pk]),
        {"unit": entry.unit_id, "year": THIS_YEAR + 1, "fte": "0.75", "note": "halbiert"},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.fte, entry.year) == (Decimal("0.75"), THIS_YEAR + 1)

    officer_client.post(reverse("programme:plan_staff_delete", args=[entry.pk]))
    assert not StaffPlanEntry.objects.exists()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETE, object_id=str(entry.pk)
    ).exists()
