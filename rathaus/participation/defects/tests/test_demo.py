"""The demo town's defect reporter, and the benchmark's bulk seeding."""

from rathaus.core.accounts.tests.factories import UnitFactory, UserFactory

from .. import demo
from ..models import DefectCategory, DefectReport, DefectSettings, Status, Street
from ..services import reporting


def _load():
    units = {code: UnitFactory(code=code) for code in ("60.2", "32", "67")}
    people = {demo.CITIZEN: UserFactory(email=demo.CITIZEN)}
    return units, people


def test_the_demo_loads_once_and_its_places_are_in_town():
    units, people = _load()
    created = demo.load(units=units, people=people)
    assert created > 60
    assert demo.load(units=units, people=people) == 0
    assert DefectCategory.objects.count() == 7 and Street.objects.count() == 30
    assert DefectCategory.objects.get(code="spielplaetze").unit == units["67"]
    reports = list(DefectReport.objects.all())
    assert len(reports) == 26
    assert {r.status for r in reports} >= {Status.FIXED, Status.IN_PROGRESS, Status.UNCONFIRMED}
    assert DefectSettings.objects.get().boundary["type"] == "Polygon"
    for street in Street.objects.all():
        assert reporting.inside_town(street.latitude, street.longitude), street.name
    assert all(reporting.inside_town(r.latitude, r.longitude) for r in reports)


def test_seed_reports_bulk_creates_numbered_reports():
    units, people = _load()
    demo.load(units=units, people=people)
    assert demo.seed_reports(1200, batch_size=500) == 1200
    assert DefectReport.objects.count() == 1226
    numbers = list(DefectReport.objects.order_by("number").values_list("number", flat=True))
    assert numbers == list(range(1, 1227))
    assert reporting.next_number() == 1227
