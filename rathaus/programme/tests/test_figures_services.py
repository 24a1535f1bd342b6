"""The key-figure services refuse what the pages refuse, whoever calls them."""

import datetime
from decimal import Decimal

import pytest

from ..exceptions import NotAllowed
from ..exceptions_figures import (
    EvidenceMissing,
    MonthInFuture,
    NotAManualFigure,
    UnknownRegistryKey,
)
from ..models import KeyFigureValue
from ..services import figures as services
from .factories import (
    FAKE_KEY,
    KeyFigureFactory,
)

TODAY = datetime.date(2026, 5, 17)


def _define(actor, **fields):
    values = {"title": "Test", "unit": "%", "direction": "up", "source": "manual"}
    values.update(fields)
    return services.create_figure(actor=actor, **values)


def test_addresses_spell_out_german_letters_and_stay_unique(officer):
    first = _define(officer, title="Anteil online gestellter Anträge")
    second = _define(officer, title="Anteil online gestellter Anträge")
    reserved = _define(officer, title="Neu")

    assert first.slug == "anteil-online-gestellter-antraege"
    assert second.slug == "anteil-online-gestellter-antraege-2"
    assert reserved.slug == "neu-2"  # /kennzahlen/neu/ is the form


def test_only_the_officer_defines_figures(colleague):
    with pytest.raises(NotAllowed):
        _define(colleague)


def test_a_computed_figure_needs_a_registered_key(officer, fake_kpi):
    with pytest.raises(UnknownRegistryKey):
        _define(officer, source="computed", registry_key="nobody.offers.this")

    figure = _define(officer, source="computed", registry_key=FAKE_KEY)
    assert figure.registry_key == FAKE_KEY


def test_a_manual_figure_keeps_no_registry_key(officer, fake_kpi):
    figure = _define(officer, source="manual", registry_key=FAKE_KEY)

    assert figure.registry_key == ""


def test_record_value_refuses_future_months_missing_evidence_and_computed_figures(
    officer, fake_kpi
):
    manual = KeyFigureFactory()

    def record(figure=manual, month=datetime.date(2026, 6, 1), evidence="Zählung"):
        return services.record_value(
            actor=officer,
            figure=figure,
            month=month,
            value=Decimal("1"),
            evidence=evidence,
            today=TODAY,
        )

    with pytest.raises(MonthInFuture):
        record()
    with pytest.raises(EvidenceMissing):
        record(month=datetime.date(2026, 5, 1), evidence="  ")
    with pytest.raises(NotAManualFigure):
        record(
            figure=KeyFigureFactory(
                computed=True,
            ),
            month=datetime.date(2026, 4, 1),
        )
    entry = record(month=datetime.date(2026, 5, 9))
    assert entry.month == datetime.date(2026, 5, 1)  # the month's first day
    assert KeyFigureValue.objects.count() == 1


def test_only_the_officer_records_values_and_targets(colleague):
    figure = KeyFigureFactory()

    with pytest.raises(NotAllowed):
        services.record_value(
            actor=colleague,
            figure=figure,
            month=datetime.date(2026, 4, 1),
            value=Decimal("1"),
            evidence="x",
            today=TODAY,
        )
    with pytest.raises(NotAllowed):
        services.set_target(actor=colleague, figure=figure, year=2026, value=Decimal("1"))
