"""The programme's own key figures in the registry: budget spent, measures done and overdue,
each computed for the town it is asked about."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from rathaus.core.registries import kpi_registry
from rathaus.core.tenancy import for_town

from ..models import BudgetAccount, BudgetAllocation, FieldOfAction, Measure, Posting

MARCH = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))


pytestmark = pytest.mark.usefixtures("in_may_2026")


def _compute(key, town, period):
    return kpi_registry.get(key).compute(town, period)


def _account(number="54110.0001"):
    account = BudgetAccount.objects.create(number=number, title="e-Government")
    BudgetAllocation.objects.create(account=account, year=2026, amount=Decimal("200000"))
    BudgetAllocation.objects.create(account=account, year=2025, amount=Decimal("100000"))
    return account


def _posting(account, day, amount):
    Posting.objects.create(account=account, booked_on=day, amount=Decimal(amount), text="Rechnung")


def test_budget_used_share_counts_the_years_postings_up_to_the_periods_end(town):
    first, second = _account(), _account("54110.0002")
    _posting(first, datetime.date(2025, 12, 30), "90000.00")  # last year's
    _posting(first, datetime.date(2026, 1, 15), "30000.00")
    _posting(second, datetime.date(2026, 3, 31), "20000.00")
    _posting(first, datetime.date(2026, 3, 20), "-1000.00")  # a refund
    _posting(first, datetime.date(2026, 4, 1), "50000.00")  # after March

    # (30,000 + 20,000 - 1,000) of 2 × 200,000
    assert _compute("programme.budget_used_share", town, MARCH) == 12.3
    assert (
        _compute(
            "programme.budget_used_share",
            town,
            (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        )
        == 45.0
    )


def test_budget_used_share_without_a_budget_is_none(town):
    assert _compute("programme.budget_used_share", town, MARCH) is None


def test_budget_used_share_of_a_period_ahead_counts_up_to_today(town):
    account = _account()
    _posting(account, datetime.date(2026, 2, 1), "20000")

    with time_machine.travel(datetime.datetime(2026, 2, 10, 12, 0), tick=True):
        assert _compute("programme.budget_used_share", town, None) == 10.0
        assert (
            _compute(
                "programme.budget_used_share",
                town,
                (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
            )
            == 10.0
        )


def _measure(code, status, ends_on=None):
    field, _created = FieldOfAction.objects.get_or_create(
        slug="online", defaults={"title": "Online"}
    )
    return Measure.objects.create(
        field=field,
        code=code,
        title=f"Maßnahme {code}",
        goal="Ziel",
        status=status,
        starts_on=datetime.date(2026, 1, 1) if ends_on else None,
        ends_on=ends_on,
    )


def test_measures_done_share_leaves_stopped_measures_out(town):
    _measure("1.1", Measure.Status.DONE)
    _measure("1.2", Measure.Status.IN_PROGRESS)
    _measure("1.3", Measure.Status.PLANNED)
    _measure("1.4", Measure.Status.STOPPED)

    assert _compute("programme.measures_done_share", town, MARCH) == 33.3


def test_measures_done_share_without_measures_is_none(town):
    assert _compute("programme.measures_done_share", town, MARCH) is None


def test_measures_overdue_are_open_measures_ended_before_the_periods_end(town):
    _measure("1.1", Measure.Status.IN_PROGRESS, datetime.date(2026, 3, 15))
    _measure("1.2", Measure.Status.PLANNED, datetime.date(2026, 2, 1))
    _measure("1.3", Measure.Status.DONE, datetime.date(2026, 2, 1))
    _measure("1.4", Measure.Status.STOPPED, datetime.date(2026, 2, 1))
    _measure("1.5", Measure.Status.IN_PROGRESS, datetime.date(2026, 3, 31))

    assert _compute("programme.measures_overdue", town, MARCH) == 2
    assert _compute("programme.measures_overdue", town, (MARCH[0], datetime.date(2026, 2, 15))) == 1


def test_each_town_gets_its_own_figures(town, other_town):
    _measure("1.1", Measure.Status.DONE)
    with for_town(other_town):
        account = _account()
        _posting(account, datetime.date(2026, 3, 1), "2000")

    assert _compute("programme.measures_done_share", town, MARCH) == 100.0
    assert _compute("programme.measures_done_share", other_town, MARCH) is None
    assert _compute("programme.budget_used_share", town, MARCH) is None
    assert _compute("programme.budget_used_share", other_town, MARCH) == 1.0


def _on(day: datetime.date):
    return time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10, 0), tick=False)


def test_past_periods_count_the_status_measures_had_then(town, officer):
    from ..services import concept

    with _on(datetime.date(2026, 1, 10)):
        field = FieldOfAction.objects.create(slug="online", title="Online")
        first = concept.create_measure(
            actor=officer,
            field=field,
            code="1.1",
            title="Portal",
            goal="Ziel",
            status=Measure.Status.IN_PROGRESS,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 2, 28),
        )
        concept.create_measure(
            actor=officer,
            field=field,
            code="1.2",
            title="E-Akte",
            goal="Ziel",
            status=Measure.Status.PLANNED,
        )
    with _on(datetime.date(2026, 3, 20)):
        concept.change_measure_status(actor=officer, measure=first, status=Measure.Status.DONE)

    february = (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    first_of_march = (datetime.date(2026, 3, 1), datetime.date(2026, 3, 1))
    december = (datetime.date(2025, 12, 1), datetime.date(2025, 12, 31))
    assert _compute("programme.measures_done_share", town, february) == 0.0
    assert _compute("programme.measures_done_share", town, MARCH) == 50.0
    # 1.1 ended on 28 February and was not done on 1 March; it was done by 31 March.
    assert _compute("programme.measures_overdue", town, first_of_march) == 1
    assert _compute("programme.measures_overdue", town, MARCH) == 0
    # Before its history began, a measure counts with the status it was entered with.
    assert _compute("programme.measures_done_share", town, december) == 0.0


def test_the_status_history_keeps_every_change_with_who_made_it(officer, measure):
    from ..services import concept

    concept.change_measure_status(actor=officer, measure=measure, status=Measure.Status.DONE)
    concept.update_measure(actor=officer, measure=measure, status=Measure.Status.IN_PROGRESS)
    concept.update_measure(actor=officer, measure=measure, title="Neuer Titel")  # no change
    rows = list(measure.status_changes.values_list("from_status", "status", "changed_by"))
    assert rows == [
        (Measure.Status.IN_PROGRESS, Measure.Status.DONE, officer.pk),
        (Measure.Status.DONE, Measure.Status.IN_PROGRESS, officer.pk),
    ]
