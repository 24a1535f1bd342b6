"""Key figures and open data: counts per category and month, days to fix, suppression."""

import datetime

import pytest
from django.utils import timezone

from .. import kpis, open_data
from ..models import Status
from .factories import ReportFactory

MARCH = timezone.make_aware(datetime.datetime(2026, 3, 10, 12))
APRIL = timezone.make_aware(datetime.datetime(2026, 4, 5, 12))


@pytest.fixture
def reports(potholes, dumping):
    made = []
    for index, days in enumerate([2, 4, 30]):  # three potholes fixed in March
        made.append(
            ReportFactory(
                category=potholes,
                number=index + 1,
                created_at=MARCH,
                status=Status.FIXED,
                fixed_at=MARCH + datetime.timedelta(days=days),
            )
        )
    made.append(ReportFactory(category=potholes, number=4, created_at=APRIL))
    made.append(ReportFactory(category=dumping, number=5, created_at=MARCH))
    made.append(ReportFactory(category=dumping, number=6, created_at=MARCH, status="unconfirmed"))
    made.append(ReportFactory(category=dumping, number=7, created_at=MARCH, is_hidden=True))
    return made


def test_the_key_figures(town, reports):
    assert kpis.reports(town, None) == 5
    march = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert kpis.reports(town, march) == 4
    assert kpis.median_days_to_fix(town, None) == 4.0
    # Of the 4 March reports, 2 were fixed within 14 days.
    assert kpis.fixed_within_14_days(town, march) == 50.0


def test_open_data_counts_per_category_and_month_with_small_counts_suppressed(town, reports):
    rows = open_data.reports_per_category_month(town)
    assert rows == [
        {"month": "2026-03", "category": "Illegal dumping", "code": "muell", "reports": "<3"},
        {"month": "2026-03", "category": "Potholes", "code": "schlagloecher", "reports": 3},
        {"month": "2026-04", "category": "Potholes", "code": "schlagloecher", "reports": "<3"},
    ]
    assert open_data.time_to_fix(town) == [
        {"category": "Potholes", "code": "schlagloecher", "fixed_reports": 3, "median_days": 4.0}
    ]


def test_no_reports_give_no_figures(town):
    assert kpis.median_days_to_fix(town, None) is None
    assert kpis.fixed_within_14_days(town, None) is None
    assert open_data.reports_per_category_month(town) == []
