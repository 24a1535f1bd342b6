"""The demo's key figures: computed from the registry where an app offers them, manual with
evidence otherwise, with targets and a history; loading twice changes nothing."""

import datetime
from decimal import Decimal

import pytest

from rathaus.core.registries import kpi_registry

from .. import demo_figures
from ..models import BudgetAccount, KeyFigure, KeyFigureTarget, KeyFigureValue

pytestmark = pytest.mark.usefixtures("in_may_2026")


def test_every_computed_demo_figure_exists_in_the_registry():
    keys = [data.registry_key for data in demo_figures.FIGURES if data.is_computed]

    assert keys and all(key in kpi_registry for key in keys)


def test_the_demo_loads_figures_targets_history_and_links_the_budget_account(officer):
    account = BudgetAccount.objects.create(number="54310000", title="Digitalisierung")
    people = {demo_figures.EGOV: officer}

    created = demo_figures.load(units={}, people=people)

    assert created > 0
    figures = {figure.title: figure for figure in KeyFigure.objects.all()}
    assert len(figures) == len(demo_figures.FIGURES)
    online = figures["Anteil online gestellter Anträge"]
    assert (online.source, online.registry_key) == ("computed", "services.online_share")
    paper = figures["Papierlos abgelegte Dokumente"]
    assert paper.source == "manual"
    # Targets for this year and next.
    assert set(KeyFigureTarget.objects.filter(figure=paper).values_list("year", flat=True)) == {
        2026,
        2027,
    }
    # Manual values for the months that are over, each with evidence and who recorded it.
    values = list(KeyFigureValue.objects.filter(figure=paper).order_by("month"))
    assert [value.month.month for value in values] == [1, 2, 3, 4]
    assert all(value.evidence and value.recorded_by == officer for value in values)
    assert values[-1].value > values[0].value
    # The computed history, as the monthly job records it.
    months = KeyFigureValue.objects.filter(figure=online).values_list("month", flat=True)
    assert sorted(months) == [datetime.date(2026, month, 1) for month in (1, 2, 3, 4)]
    account.refresh_from_db()
    assert account.key_figure == figures[demo_figures.BUDGET_TITLE]
    assert account.key_figure.registry_key == "programme.budget_used_share"

    again = demo_figures.load(units={}, people=people)

    assert again == 0
    assert KeyFigure.objects.count() == len(demo_figures.FIGURES)
    assert KeyFigureValue.objects.filter(figure=paper).count() == 4


def test_the_co2_figure_follows_the_page_weight(officer):
    demo_figures.load(units={}, people={demo_figures.EGOV: officer})

    weight = KeyFigureValue.objects.filter(figure__unit="kB").order_by("month").first()
    co2 = KeyFigureValue.objects.filter(figure__unit="mg CO₂e").order_by("month").first()
    assert co2.value == (weight.value * Decimal("0.3414")).quantize(Decimal("0.01"))


def test_early_in_the_year_the_history_reaches_into_last_year():
    months = demo_figures.history_months(datetime.date(2026, 2, 10))

    assert months[0] == datetime.date(2025, 1, 1)
    assert months[-1] == datetime.date(2026, 1, 1)
