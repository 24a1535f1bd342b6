"""Reading key figures: a year's value, the monthly values, targets and whether a value
meets its target in either direction; and the line chart that shows them."""

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation

from ..charts import line_chart_svg
from ..figures import (
    as_decimal,
    format_value,
    meets_target,
    monthly_values,
    provisional_month,
    registry_choices,
    registry_label,
    statuses,
    target_for,
    value_for_year,
)
from ..models import KeyFigure
from .factories import (
    FAKE_KEY,
    KeyFigureFactory,
    KeyFigureTargetFactory,
    KeyFigureValueFactory,
)

TODAY = datetime.date(2026, 5, 17)


# --- value_for_year -------------------------------------------------------------------------


def test_computed_value_of_the_running_year_is_from_january_to_today(fake_kpi, town):
    figure = KeyFigureFactory(
        computed=True,
    )
    fake_kpi.values[(datetime.date(2026, 1, 1), TODAY)] = 61.237

    assert value_for_year(figure, 2026, today=TODAY) == Decimal("61.24")
    assert fake_kpi.calls[-1][:2] == (town, (datetime.date(2026, 1, 1), TODAY))


def test_computed_value_of_a_past_year_covers_the_whole_year(fake_kpi):
    figure = KeyFigureFactory(
        computed=True,
    )
    fake_kpi.values[(datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))] = 17

    assert value_for_year(figure, 2025, today=TODAY) == Decimal("17.00")


def test_computed_value_of_a_future_year_is_none(fake_kpi):
    figure = KeyFigureFactory(
        computed=True,
    )

    assert value_for_year(figure, 2027, today=TODAY) is None
    assert fake_kpi.calls == []


def test_computed_figure_whose_key_is_gone_has_no_value():
    figure = KeyFigureFactory(computed=True, registry_key="gone.figure")

    assert value_for_year(figure, 2026, today=TODAY) is None
    assert registry_label("gone.figure") == "gone.figure"


def test_registry_returning_nothing_gives_no_value(fake_kpi):
    figure = KeyFigureFactory(
        computed=True,
    )
    fake_kpi.default = None

    assert value_for_year(figure, 2026, today=TODAY) is None


def test_manual_value_of_a_year_is_its_latest_month():
    figure = KeyFigureFactory()
    KeyFigureValueFactory(figure=figure, month=datetime.date(2026, 1, 1), value=Decimal("30"))
    KeyFigureValueFactory(figure=figure, month=datetime.date(2026, 3, 1), value=Decimal("35.5"))
    KeyFigureValueFactory(figure=figure, month=datetime.date(2026, 2, 1), value=Decimal("33"))
    KeyFigureValueFactory(figure=figure, month=datetime.date(2027, 1, 1), value=Decimal("99"))
    KeyFigureValueFactory(figure=KeyFigureFactory(), month=datetime.date(2026, 4, 1))

    assert value_for_year(figure, 2026, today=TODAY) == Decimal("35.5")
    assert value_for_year(figure, 2024, today=TODAY) is None


# --- monthly_values -------------------------------------------------------------------------


def test_monthly_values_of_a_manual_figure_are_twelve_months_of_entries():
    figure = KeyFigureFactory()
    KeyFigureValueFactory(figure=figure, month=datetime.date(2026, 2, 1), value=Decimal("12.5"))
    KeyFigureValueFactory(figure=figure, month=datetime.date(2025, 2, 1), value=Decimal("1"))

    values = monthly_values(figure, 2026, today=TODAY)

    assert [month for month, _value in values] == [
        datetime.date(2026, number, 1) for number in range(1, 13)
    ]
    assert dict(values)[datetime.date(2026, 2, 1)] == Decimal("12.5")
    assert sum(value is not None for _month, value in values) == 1
    assert provisional_month(figure, 2026, today=TODAY) is None


def test_monthly_values_of_a_computed_figure_add_the_running_month_live(fake_kpi):
    figure = KeyFigureFactory(
        computed=True,
    )
    KeyFigureValueFactory(figure=figure, month=datetime.date(2026, 4, 1), value=Decimal("40"))
    fake_kpi.values[(datetime.date(2026, 5, 1), TODAY)] = 44.4

    values = dict(monthly_values(figure, 2026, today=TODAY))

    assert values[datetime.date(2026, 4, 1)] == Decimal("40")
    assert values[datetime.date(2026, 5, 1)] == Decimal("44.40")
    assert values[datetime.date(2026, 6, 1)] is None
    assert provisional_month(figure, 2026, today=TODAY) == datetime.date(2026, 5, 1)
    assert [call[1] for call in fake_kpi.calls] == [(datetime.date(2026, 5, 1), TODAY)]


def test_monthly_values_without_live_show_only_the_history(fake_kpi):
    figure = KeyFigureFactory(
        computed=True,
    )

    values = dict(monthly_values(figure, 2026, today=TODAY, live=False))

    assert values[datetime.date(2026, 5, 1)] is None
    assert fake_kpi.calls == []


def test_past_year_of_a_computed_figure_has_no_provisional_month(fake_kpi):
    figure = KeyFigureFactory(
        computed=True,
    )

    monthly_values(figure, 2025, today=TODAY)

    assert provisional_month(figure, 2025, today=TODAY) is None
    assert fake_kpi.calls == []


# --- Targets --------------------------------------------------------------------------------


def test_target_for_gives_the_years_target_or_none():
    figure = KeyFigureFactory()
    KeyFigureTargetFactory(figure=figure, year=2026, value=Decimal("60"))
    KeyFigureTargetFactory(figure=figure, year=2027, value=Decimal("75"))

    assert target_for(figure, 2026) == Decimal("60")
    assert target_for(figure, 2027) == Decimal("75")
    assert target_for(figure, 2025) is None


@pytest.mark.parametrize(
    ("direction", "value", "target", "meets"),
    [
        (KeyFigure.Direction.UP, "60", "50", True),
        (KeyFigure.Direction.UP, "50", "50", True),
        (KeyFigure.Direction.UP, "49.99", "50", False),
        (KeyFigure.Direction.DOWN, "12", "14", True),
        (KeyFigure.Direction.DOWN, "14", "14", True),
        (KeyFigure.Direction.DOWN, "14.5", "14", False),
    ],
)
def test_meets_target_follows_the_direction(direction, value, target, meets):
    figure = KeyFigureFactory(direction=direction)

    assert meets_target(figure, Decimal(value), Decimal(target)) is meets


def test_meets_target_cannot_judge_without_value_or_target():
    figure = KeyFigureFactory()

    assert meets_target(figure, None, Decimal("1")) is None
    assert meets_target(figure, Decimal("1"), None) is None


def test_statuses_judge_every_figure_of_the_year(fake_kpi):
    up = KeyFigureFactory(direction=KeyFigure.Direction.UP)
    KeyFigureValueFactory(figure=up, month=datetime.date(2026, 3, 1), value=Decimal("70"))
    KeyFigureTargetFactory(figure=up, year=2026, value=Decimal("60"))
    down = KeyFigureFactory(computed=True, direction=KeyFigure.Direction.DOWN, unit="Tage")
    KeyFigureTargetFactory(figure=down, year=2026, value=Decimal("14"))
    fake_kpi.default = 20
    untargeted = KeyFigureFactory()

    rows = {row.figure: row for row in statuses([up, down, untargeted], 2026, today=TODAY)}

    assert (rows[up].value, rows[up].meets, rows[up].status_text) == (
        Decimal("70"),
        True,
        "Target met",
    )
    assert (rows[down].value_text, rows[down].meets, rows[down].status_text) == (
        "20 Tage",
        False,
        "Target not met",
    )
    assert rows[untargeted].meets is None
    assert rows[down].source_text == "Testkennzahl (e-Government programme)"


# --- Numbers --------------------------------------------------------------------------------


def test_numbers_are_shown_in_the_active_language():
    with translation.override("de"):
        assert format_value(Decimal("1234.50"), "%") == "1.234,5 %"
        assert format_value(Decimal("12.00"), "Tage") == "12 Tage"
    with translation.override("en"):
        assert format_value(Decimal("1234.56"), "") == "1,234.56"
        assert format_value(None, "%") == "no value"


def test_registry_numbers_become_two_place_decimals():
    assert as_decimal(66.6666) == Decimal("66.67")
    assert as_decimal(3) == Decimal("3.00")
    assert as_decimal(float("nan")) is None
    assert as_decimal(None) is None
    assert as_decimal(10**15) is None


def test_registry_choices_name_label_and_app(fake_kpi):
    choices = dict(registry_choices())

    assert choices[FAKE_KEY] == "Testkennzahl (e-Government programme)"
    assert "programme.budget_used_share" in choices


# --- The chart ------------------------------------------------------------------------------


def _points():
    return [
        ("Jan", Decimal("10")),
        ("Feb", Decimal("12.5")),
        ("Mar", None),
        ("Apr", Decimal("20")),
        ("May", Decimal("22")),
    ]


def test_chart_is_an_image_with_title_and_a_description_of_every_value():
    svg = line_chart_svg(
        title="Online share 2026", unit="%", points=_points(), target=Decimal("25")
    )

    assert svg.startswith("<svg") and 'role="img"' in svg
    title_id = re.search(r'<title id="([^"]+)">Online share 2026</title>', svg).group(1)
    desc = re.search(r'<desc id="([^"]+)">([^<]*)</desc>', svg)
    assert f'aria-labelledby="{title_id} {desc.group(1)}"' in svg
    assert desc.group(2) == (
        "Jan: 10 %; Feb: 12.5 %; Mar: no value; Apr: 20 %; May: 22 %. Target: 25 %."
    )


def test_chart_marks_the_target_by_pattern_and_text_not_colour_alone():
    svg = line_chart_svg(title="T", unit="%", points=_points(), target=Decimal("25"))

    assert 'class="rh-line-chart__target"' in svg and "stroke-dasharray" in svg
    assert "Target: 25 %" in svg


def test_chart_breaks_the_line_where_a_value_is_missing():
    svg = line_chart_svg(title="T", unit="%", points=_points())

    assert svg.count('class="rh-line-chart__line"') == 2
    assert svg.count('class="rh-line-chart__point"') == 4
    assert "Target" not in svg


def test_chart_without_values_says_so():
    svg = line_chart_svg(title="T", unit="", points=[("Jan", None), ("Feb", None)])

    assert "<desc" in svg and "No values yet." in svg


def test_chart_escapes_text_people_typed():
    svg = line_chart_svg(title="<script>alert(1)</script>", unit="<b>", points=[("<i>", None)])

    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "<b>" not in svg and "<i>" not in svg


def test_two_different_charts_have_different_ids():
    first = line_chart_svg(title="A", unit="%", points=_points())
    second = line_chart_svg(title="B", unit="%", points=_points())

    first_id = re.search(r'<title id="([^"]+)"', first).group(1)
    second_id = re.search(r'<title id="([^"]+)"', second).group(1)
    assert first_id != second_id


def test_chart_scales_negative_values_and_long_labels():
    points = [(f"Label number {n}", Decimal(n - 3)) for n in range(6)]

    svg = line_chart_svg(title="T", unit="EUR", points=points)

    assert "rotate(-45" in svg
    assert ">-4<" in svg and ">2<" in svg  # round steps from below -3 to above 2
