"""The demo's cost plan, staff plan and budget account: loaded on top of the demo concept,
idempotent, with one measure over plan this year and a remaining budget."""

from decimal import Decimal

from django.utils import timezone

from rathaus.core.accounts.tests.factories import UnitFactory

from .. import demo_concept, demo_plan, plan
from ..models import BudgetAccount, CostItem, Posting, StaffPlanEntry

UNIT_CODES = ("10", "20", "32", "33", "60", "60.1", "60.2")


def _units():
    return {code: UnitFactory(code=code, name=f"Amt {code}") for code in UNIT_CODES}


def test_the_demo_loads_once_and_tells_a_story():
    units = _units()
    demo_concept.load(units=units, people={})
    year = timezone.localdate().year

    assert demo_plan.load(units=units, people={}) > 0
    counts = (CostItem.objects.count(), Posting.objects.count(), StaffPlanEntry.objects.count())
    assert demo_plan.load(units=units, people={}) == 0
    assert counts == (
        CostItem.objects.count(),
        Posting.objects.count(),
        StaffPlanEntry.objects.count(),
    )

    account = BudgetAccount.objects.get()
    assert (account.number, account.title) == ("54310000", "Digitalisierung / E-Government")
    over = [cost.measure.code for cost in plan.measure_costs(year) if cost.over_plan]
    assert over == ["3.1"]
    totals = plan.year_totals(year)
    assert totals.budget == Decimal("240000.00")
    assert Decimal("0") < totals.actual < totals.budget
    assert totals.remaining == totals.budget - totals.actual
    assert plan.year_totals(year - 1).budget == Decimal("85000.00")
    assert plan.year_totals(year + 1).planned > 0
    assert totals.fte > 0
    assert not Posting.objects.filter(booked_on__gt=timezone.localdate()).exists()


def test_missing_measures_are_skipped():
    units = _units()

    demo_plan.load(units=units, people={})

    assert not CostItem.objects.exists()
    # The account, its budget and the postings without a measure are there.
    assert BudgetAccount.objects.count() == 1
    assert set(Posting.objects.values_list("measure", flat=True)) == {None}
    assert StaffPlanEntry.objects.filter(measure__isnull=True).exists()
