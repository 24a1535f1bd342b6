"""The demo town's concept: the motion's eight fields of action with realistic measures,
stable numbers, mixed statuses with one overdue measure, and loading it twice changes
nothing."""

from django.utils import timezone

from rathaus.core.accounts.tests.factories import StaffFactory, UnitFactory

from .. import demo_concept
from ..models import FieldOfAction, Measure, Milestone, Risk

UNIT_CODES = ("10", "20", "32", "33", "60", "60.1", "60.2", "67")
PEOPLE = {
    demo_concept.EGOV: ("Sabine", "Krüger"),
    demo_concept.ADMINISTRATOR: ("Anna", "Richter"),
    demo_concept.LEAD_60: ("Thomas", "Becker"),
    demo_concept.CLERK_32: ("Murat", "Yıldız"),
    demo_concept.DPO: ("Petra", "Schneider"),
    demo_concept.ARCHIVIST: ("Klaus", "Fischer"),
    demo_concept.PARTICIPATION: ("Nina", "Berg"),
    demo_concept.STEWARD: ("Jana", "Vogel"),
    demo_concept.TRAINING_ADMIN: ("Tanja", "Schulz"),
}


def _load() -> int:
    units = {code: UnitFactory(code=code, name=f"Amt {code}") for code in UNIT_CODES}
    people = {
        email: StaffFactory(email=email, given_name=given, family_name=family)
        for email, (given, family) in PEOPLE.items()
    }
    return demo_concept.load(units=units, people=people), units, people


def test_the_demo_concept_follows_the_motion_and_loads_once():
    created, units, people = _load()

    assert created > 0
    fields = list(FieldOfAction.objects.order_by("position"))
    assert [field.slug for field in fields] == list(demo_concept.FIELD_SLUGS)
    assert len(fields) == 8
    codes = set(Measure.objects.values_list("code", flat=True))
    assert codes == set(demo_concept.MEASURE_CODES)
    for position, field in enumerate(fields, start=1):
        numbers = list(field.measures.values_list("code", flat=True))
        assert 1 <= len(numbers) <= 3
        assert all(code.startswith(f"{position}.") for code in numbers)

    titles = set(Measure.objects.values_list("title", flat=True))
    for expected in (
        "E-Akte im Bauamt einführen",
        "Bewohnerparkausweis online",
        "Open-Data-Portal starten",
        "Schulung der Beschäftigten in digitalen Verfahren",
    ):
        assert expected in titles

    assert demo_concept.load(units=units, people=people) == 0
    assert Measure.objects.count() == len(demo_concept.MEASURE_CODES)


def test_the_demo_story_has_done_running_planned_and_one_overdue_measure():
    _load()
    today = timezone.localdate()
    measures = list(Measure.objects.select_related("responsible_person", "responsible_unit"))
    statuses = {measure.status for measure in measures}
    assert {"done", "in_progress", "planned"} <= statuses
    overdue = [measure.code for measure in measures if measure.is_overdue(today)]
    assert overdue == ["3.1"]
    e_file = Measure.objects.get(code="3.1")
    assert e_file.responsible_unit.code == "60"
    assert e_file.responsible_person.get_full_name() == "Thomas Becker"
    assert any(
        measure.responsible_person and measure.responsible_person.email == demo_concept.EGOV
        for measure in measures
    )
    for measure in measures:
        assert measure.starts_on <= measure.ends_on
        assert abs(measure.ends_on.year - today.year) <= 2

    assert list(Measure.objects.get(code="3.2").depends_on.values_list("code", flat=True)) == [
        "3.1"
    ]
    assert Measure.objects.filter(depends_on__isnull=False).distinct().count() >= 4
    assert Milestone.objects.filter(reached_on__isnull=False).exists()
    assert Milestone.objects.filter(reached_on__gt=today).count() == 0
    assert [
        milestone.measure.code
        for milestone in Milestone.objects.all()
        if milestone.is_overdue(today)
    ] == ["3.1"]
    assert Risk.objects.filter(is_open=True).count() >= 3
    assert Risk.objects.filter(is_open=False).exists()


def test_the_quarters_the_dates_are_set_by():
    import datetime

    day = datetime.date(2026, 2, 14)
    assert demo_concept.quarter_start(day, 0) == datetime.date(2026, 1, 1)
    assert demo_concept.quarter_end(day, 0) == datetime.date(2026, 3, 31)
    assert demo_concept.quarter_end(day, -1) == datetime.date(2025, 12, 31)
    assert demo_concept.quarter_start(day, 5) == datetime.date(2027, 4, 1)
    assert demo_concept.quarter_end(day, 3) == datetime.date(2026, 12, 31)
