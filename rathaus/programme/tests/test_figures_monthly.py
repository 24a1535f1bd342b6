"""The monthly job: every computed key figure of every town gets the value of the month just
ended, computed inside that town's scope; running it again updates the same month; a year
can be filled in afterwards."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from rathaus.core.tenancy import for_town

from ..exceptions_figures import MonthNotOver
from ..models import KeyFigureValue
from ..services.figures import record_computed_value
from ..tasks import record_key_figures_of_towns, record_last_month
from .factories import (
    KeyFigureFactory,
)

TODAY = datetime.date(2026, 5, 3)
APRIL = (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30))


def _values(figure):
    return list(KeyFigureValue.objects.filter(figure=figure).values_list("month", "value"))


def test_the_month_just_ended_is_recorded_for_every_computed_figure_of_every_town(
    fake_kpi, town, other_town
):
    here = KeyFigureFactory(
        computed=True,
    )
    manual = KeyFigureFactory()
    with for_town(other_town):
        there = KeyFigureFactory(computed=True, slug="dort")
    fake_kpi.values[APRIL] = 55.5

    with time_machine.travel(datetime.datetime(2026, 5, 1, 3, 15), tick=False):
        result = record_last_month.call()

    assert result[str(town)]["recorded"] == 1
    assert result[str(other_town)]["recorded"] == 1
    assert _values(here) == [(datetime.date(2026, 4, 1), Decimal("55.50"))]
    assert _values(manual) == []
    with for_town(other_town):
        assert _values(there) == [(datetime.date(2026, 4, 1), Decimal("55.50"))]
    # Each town's figure was computed for that town, inside that town's scope.
    assert sorted((call[0].name, call[2].name) for call in fake_kpi.calls) == [
        ("Musterstadt", "Musterstadt"),
        ("Weiterstadt", "Weiterstadt"),
    ]
    assert {call[1] for call in fake_kpi.calls} == {APRIL}


def test_running_again_updates_the_month_instead_of_adding_one(fake_kpi, town):
    figure = KeyFigureFactory(
        computed=True,
    )
    fake_kpi.values[APRIL] = 10
    record_key_figures_of_towns([APRIL[0]], [town], today=TODAY)
    fake_kpi.values[APRIL] = 12

    result = record_key_figures_of_towns([APRIL[0]], [town], today=TODAY)

    assert result[str(town)] == {"recorded": 0, "updated": 1, "failed": [], "unregistered": []}
    assert _values(figure) == [(datetime.date(2026, 4, 1), Decimal("12.00"))]


def test_a_month_not_over_is_not_recorded(fake_kpi, town):
    figure = KeyFigureFactory(
        computed=True,
    )

    record_key_figures_of_towns([datetime.date(2026, 5, 1)], [town], today=TODAY)

    assert _values(figure) == []
    with pytest.raises(MonthNotOver):
        record_computed_value(figure, datetime.date(2026, 5, 1), today=TODAY)


def test_a_failing_figure_is_reported_and_the_others_are_recorded(fake_kpi, town):
    fake_kpi.fail_for.add(APRIL)
    failing = KeyFigureFactory(computed=True, slug="a-failing")
    gone = KeyFigureFactory(computed=True, slug="b-gone", registry_key="removed.figure")

    result = record_key_figures_of_towns([datetime.date(2026, 3, 1), APRIL[0]], [town], today=TODAY)

    assert result[str(town)]["failed"] == ["a-failing 2026-04"]
    assert result[str(town)]["unregistered"] == ["b-gone"]
    assert _values(failing) == [(datetime.date(2026, 3, 1), Decimal("42.00"))]
    assert _values(gone) == []


def test_command_records_last_month_by_default(fake_kpi, town):
    figure = KeyFigureFactory(
        computed=True,
    )
    out = StringIO()

    with time_machine.travel(datetime.datetime(2026, 5, 1, 3, 15), tick=False):
        call_command("programme_monthly", stdout=out)

    assert _values(figure) == [(datetime.date(2026, 4, 1), Decimal("42.00"))]
    assert "Weiterstadt, 2026-04: 1 value(s) recorded, 0 updated." in out.getvalue()


def test_command_backfills_the_ended_months_of_a_year(fake_kpi, town):
    figure = KeyFigureFactory(
        computed=True,
    )
    fake_kpi.values[(datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))] = 7
    out = StringIO()

    with time_machine.travel(datetime.datetime(2026, 5, 17, 12, 0), tick=False):
        call_command("programme_monthly", "--year", "2026", "--host", "testserver", stdout=out)
        call_command("programme_monthly", "--year", "2026", stdout=out)

    values = dict(_values(figure))
    assert sorted(values) == [datetime.date(2026, month, 1) for month in (1, 2, 3, 4)]
    assert values[datetime.date(2026, 2, 1)] == Decimal("7.00")
    assert "2026-01 to 2026-04: 0 value(s) recorded, 4 updated." in out.getvalue()


def test_command_refuses_a_month_that_is_not_over(fake_kpi, town):
    with (
        time_machine.travel(datetime.datetime(2026, 5, 17, 12, 0), tick=False),
        pytest.raises(CommandError, match="not over"),
    ):
        call_command("programme_monthly", "--month", "2026-05")
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("programme_monthly", "--month", "Mai")


def test_command_fails_when_a_value_could_not_be_computed(fake_kpi, town):
    KeyFigureFactory(computed=True, slug="kaputt")
    fake_kpi.fail_for.add(APRIL)
    err = StringIO()

    with (
        time_machine.travel(datetime.datetime(2026, 5, 1, 3, 15), tick=False),
        pytest.raises(CommandError),
    ):
        call_command("programme_monthly", stderr=err, stdout=StringIO())

    assert "kaputt 2026-04 could not be computed" in err.getvalue()
