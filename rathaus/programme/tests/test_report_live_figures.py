"""The report's key figures equal what the other modules' data give.

The test records a half year of Weiterstadt's platform in the modules themselves (online
applications and counted paper ones, defect reports, open datasets), counts by hand what
the definitions say, and compares with the generated report: the programme's computed key
figures and the sections of participation and open data."""

import datetime
from decimal import Decimal

import pytest

from rathaus.opendata.models import Dataset
from rathaus.opendata.tests.factories import DatasetFactory
from rathaus.participation.defects.models import DefectReport, Status
from rathaus.participation.defects.tests.factories import CategoryFactory
from rathaus.participation.defects.tests.factories import ReportFactory as DefectFactory
from rathaus.services.models import ChannelCount
from rathaus.services.tests.factories import ApplicationFactory, ServiceFactory

from ..models import KeyFigure
from ..services import report as services
from .factories import (
    AnnualReportFactory,
    KeyFigureFactory,
    KeyFigureTargetFactory,
)

YEAR = 2026
NOW = datetime.datetime(YEAR, 6, 15, 10, 0, tzinfo=datetime.UTC)


def at(month: int, day: int, year: int = YEAR, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


@pytest.fixture
def platform(time_machine):
    """What the modules recorded; returns the moments, for counting by hand."""
    time_machine.move_to(NOW, tick=False)
    parking = ServiceFactory(name="Bewohnerparkausweis", maturity=4)
    waste = ServiceFactory(name="Sperrmüllabholung", maturity=3)
    received = [
        (parking, at(3, 2)),
        (parking, at(3, 20)),
        (waste, at(4, 11)),
        (parking, at(6, 3)),
        (waste, at(6, 12)),
        (parking, at(12, 20, year=YEAR - 1)),  # last year
        (waste, at(11, 2, year=YEAR - 1)),
    ]
    for service, moment in received:
        ApplicationFactory(
            service=service, state="submitted", submitted_at=moment, received_at=moment
        )
    ApplicationFactory(service=parking, state="draft")  # never reached the clerks
    ChannelCount.objects.create(
        service=parking, channel="in_person", month=datetime.date(YEAR, 3, 1), count=2
    )
    ChannelCount.objects.create(
        service=waste, channel="paper", month=datetime.date(YEAR, 5, 1), count=1
    )
    ChannelCount.objects.create(
        service=waste, channel="paper", month=datetime.date(YEAR - 1, 5, 1), count=40
    )

    lights = CategoryFactory(name="Straßenbeleuchtung")
    defects = [
        # (created, status, fixed after days, hidden)
        (at(1, 10), Status.FIXED, 3, False),
        (at(2, 3), Status.FIXED, 20, False),
        (at(4, 8), Status.FIXED, 1, False),
        (at(5, 30), Status.IN_PROGRESS, None, False),
        (at(6, 1), Status.CONFIRMED, None, True),  # hidden by the moderators
        (at(6, 2), Status.UNCONFIRMED, None, False),  # never confirmed
        (at(12, 1, year=YEAR - 1), Status.FIXED, 2, False),  # last year
    ]
    for created, status, fixed_after, hidden in defects:
        report = DefectFactory(category=lights, status=status, is_hidden=hidden)
        fixed_at = created + datetime.timedelta(days=fixed_after) if fixed_after else None
        DefectReport.objects.filter(pk=report.pk).update(created_at=created, fixed_at=fixed_at)

    for published in (at(1, 5, year=YEAR - 1), at(2, 1), at(5, 5)):
        DatasetFactory(published_at=published)
    DatasetFactory(state=Dataset.State.DRAFT, published_at=None)
    return {"received": received, "defects": defects}


def expected(platform) -> dict:
    """The figures counted by hand, following each figure's definition."""
    this_year = [moment for _service, moment in platform["received"] if moment.year == YEAR]
    online = len(this_year)  # 5
    counted = 2 + 1  # in person in March, on paper in May
    public = [
        (created, status, fixed_after)
        for created, status, fixed_after, hidden in platform["defects"]
        if created.year == YEAR and not hidden and status != Status.UNCONFIRMED
    ]
    quick = [row for row in public if row[1] == Status.FIXED and row[2] <= 14]
    return {
        "applications_online": Decimal(online),
        "online_share": Decimal(str(round(100 * online / (online + counted), 1))),
        "defects": Decimal(len(public)),
        "fixed_within_14_days": Decimal(str(round(100 * len(quick) / len(public), 1))),
        "datasets": Decimal(3),  # published by mid-June; the draft does not count
        "june_applications": Decimal(sum(1 for moment in this_year if moment.month == 6)),
    }


@pytest.fixture
def figures():
    def computed(slug, title, key, unit, target):
        figure = KeyFigureFactory(
            slug=slug,
            title=title,
            unit=unit,
            source=KeyFigure.Source.COMPUTED,
            registry_key=key,
        )
        KeyFigureTargetFactory(figure=figure, year=YEAR, value=Decimal(target))
        return figure

    return [
        computed("online-antraege", "Online-Anträge", "services.applications_online", "Anträge", 4),
        computed("online-anteil", "Anteil Online-Anträge", "services.online_share", "%", 70),
        computed(
            "maengel-14-tage", "Mängel in 14 Tagen behoben", "defects.fixed_within_14_days", "%", 50
        ),
        computed(
            "offene-daten", "Offene Datensätze", "opendata.published_datasets", "Datensätze", 5
        ),
    ]


@pytest.fixture
def generated(platform, figures, officer):
    report = AnnualReportFactory(year=YEAR)
    return services.generate_report(report=report, actor=officer)


def test_the_key_figures_are_what_the_modules_recorded(platform, generated):
    want = expected(platform)
    assert want["applications_online"] == 5 and want["defects"] == 4  # the scenario as meant
    by_slug = {row["slug"]: row for row in generated.data["figures"]}
    assert Decimal(by_slug["online-antraege"]["value"]) == want["applications_online"]
    assert Decimal(by_slug["online-anteil"]["value"]) == want["online_share"]
    assert Decimal(by_slug["maengel-14-tage"]["value"]) == want["fixed_within_14_days"]
    assert Decimal(by_slug["offene-daten"]["value"]) == want["datasets"]


def test_targets_are_judged_against_those_figures(platform, generated):
    by_slug = {row["slug"]: row for row in generated.data["figures"]}
    assert by_slug["online-antraege"]["meets_target"] is True  # 5 of 4
    assert by_slug["online-anteil"]["meets_target"] is False  # 62.5 % of 70 %
    assert by_slug["maengel-14-tage"]["meets_target"] is True  # 50 % of 50 %
    assert by_slug["offene-daten"]["meets_target"] is False  # 3 of 5
    assert generated.data["summary"]["figures_meeting_target"] == 2


def test_the_running_month_is_computed_live(platform, generated):
    want = expected(platform)
    months = {
        row["month"]: row["value"]
        for row in next(f for f in generated.data["figures"] if f["slug"] == "online-antraege")[
            "months"
        ]
    }
    assert Decimal(months[f"{YEAR}-06"]) == want["june_applications"]


def test_the_platform_sections_show_the_same_figures(platform, generated):
    want = expected(platform)
    sections = generated.data["platform"]
    participation = {row["key"]: row["value"] for row in sections["participation"]}
    assert Decimal(participation["defects.reports"]) == want["defects"]
    assert Decimal(participation["defects.fixed_within_14_days"]) == want["fixed_within_14_days"]
    opendata = {row["key"]: row["value"] for row in sections["opendata"]}
    assert Decimal(opendata["opendata.published_datasets"]) == want["datasets"]
    assert generated.data["period"] == {"first": f"{YEAR}-01-01", "last": f"{YEAR}-06-15"}
