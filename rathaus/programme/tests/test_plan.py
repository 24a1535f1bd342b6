"""The figures of the plan (``plan.py``) counted by hand: costs per measure with planned,
committed and actual, the totals of a year against the budget, and the staff plan."""

import datetime
from decimal import Decimal

import pytest

from rathaus.core.accounts.tests.factories import UnitFactory

from .. import plan
from ..models import CostItem
from .factories import (
    THIS_YEAR,
    BudgetAccountFactory,
    BudgetAllocationFactory,
    CostItemFactory,
    MeasureFactory,
    PostingFactory,
    StaffPlanEntryFactory,
)

LAST_YEAR = THIS_YEAR - 1
D = Decimal


def day(month: int, day_: int = 15, year: int = THIS_YEAR) -> datetime.date:
    return datetime.date(year, month, day_)


@pytest.fixture
def world():
    """This year (last year's figures must not count):

    - Measure A (1.1): services one-off 10,000 planned / 8,000 committed, licences running
      2,400 / 2,400; postings services 6,000, licences 2,400, 700 without type (other);
      last year a hardware item of 5,000 and a posting of 9,999.
    - Measure B (2.1): hardware one-off 3,000 planned; postings 3,200 and a refund of -100.
    - Measure C (3.1): nothing planned; a posting of 500.
    - A posting of 1,000 without a measure on a second account.
    - Budgets: 20,000 and 5,000 this year, 9,000 last year.
    """
    a = MeasureFactory(this_year=True, code="1.1", title="Bewohnerparkausweis online")
    b = MeasureFactory(this_year=True, code="2.1", title="Schulung", field=a.field)
    c = MeasureFactory(this_year=True, code="3.1", title="E-Akte im Bauamt")
    CostItemFactory(
        measure=a, category="services", planned=D("10000"), committed=D("8000"), kind="one_off"
    )
    CostItemFactory(
        measure=a, category="licences", planned=D("2400"), committed=D("2400"), kind="running"
    )
    CostItemFactory(measure=a, category="hardware", planned=D("5000"), year=LAST_YEAR)
    CostItemFactory(measure=b, category="hardware", planned=D("3000"), kind="one_off")
    account = BudgetAccountFactory(number="54310000")
    other = BudgetAccountFactory(number="54320000")
    PostingFactory(account=account, measure=a, category="services", amount=D("6000"))
    PostingFactory(account=account, measure=a, category="licences", amount=D("2400"))
    PostingFactory(account=account, measure=a, category="", amount=D("700"))
    PostingFactory(
        account=account,
        measure=a,
        category="services",
        amount=D("9999"),
        booked_on=day(6, 1, LAST_YEAR),
    )
    PostingFactory(account=account, measure=b, category="hardware", amount=D("3200"))
    PostingFactory(account=account, measure=b, category="hardware", amount=D("-100"))
    PostingFactory(
        account=account, measure=c, category="staff", amount=D("500"), booked_on=day(12, 31)
    )
    PostingFactory(account=other, measure=None, amount=D("1000"), booked_on=day(1, 1))
    BudgetAllocationFactory(account=account, year=THIS_YEAR, amount=D("20000"))
    BudgetAllocationFactory(account=other, year=THIS_YEAR, amount=D("5000"))
    BudgetAllocationFactory(account=account, year=LAST_YEAR, amount=D("9000"))
    return {"a": a, "b": b, "c": c, "account": account, "other": other}


def test_measure_costs_sum_plan_and_postings_of_the_year(world):
    costs = {cost.measure.code: cost for cost in plan.measure_costs(THIS_YEAR)}

    assert list(costs) == ["1.1", "2.1", "3.1"]
    a, b, c = costs["1.1"], costs["2.1"], costs["3.1"]
    assert (a.planned, a.committed, a.actual, a.over_plan) == (
        D("12400.00"),
        D("10400.00"),
        D("9100.00"),
        False,
    )
    assert (b.planned, b.committed, b.actual, b.over_plan) == (
        D("3000.00"),
        D("0.00"),
        D("3100.00"),
        True,
    )
    assert (c.planned, c.actual, c.over_plan) == (D("0.00"), D("500.00"), True)
    assert a.difference == D("3300.00")


def test_last_years_costs_are_last_years(world):
    costs = {cost.measure.code: cost for cost in plan.measure_costs(LAST_YEAR)}

    assert list(costs) == ["1.1"]
    assert (costs["1.1"].planned, costs["1.1"].actual, costs["1.1"].over_plan) == (
        D("5000.00"),
        D("9999.00"),
        True,
    )


def test_a_year_without_anything_has_no_costs(world):
    assert plan.measure_costs(THIS_YEAR + 3) == []
    totals = plan.year_totals(THIS_YEAR + 3)
    assert (totals.planned, totals.actual, totals.budget, totals.remaining, totals.fte) == (
        D("0.00"),
        D("0.00"),
        D("0.00"),
        D("0.00"),
        D("0.00"),
    )
    assert totals.used_percent is None


def test_cost_plan_splits_each_measure_by_type_of_cost(world):
    cost_plan = plan.cost_plan(THIS_YEAR)
    a = cost_plan.measures[0]

    lines = {line.category: line for line in a.lines}
    assert [line.category for line in a.lines] == ["licences", "services", "other"]
    assert (lines["services"].one_off, lines["services"].running) == (D("10000.00"), D("0"))
    assert (lines["services"].committed, lines["services"].actual) == (D("8000.00"), D("6000.00"))
    assert (lines["licences"].running, lines["licences"].actual) == (D("2400.00"), D("2400.00"))
    # A posting without a type of cost counts as "other".
    assert (lines["other"].planned, lines["other"].actual) == (D("0"), D("700.00"))
    assert cost_plan.unassigned_actual == D("1000.00")
    assert [plan_.measure.code for plan_ in cost_plan.over_plan] == ["2.1", "3.1"]
    categories = {line.category: line for line in cost_plan.categories}
    assert categories["hardware"].planned == D("3000.00")
    assert categories["hardware"].actual == D("3100.00")
    assert cost_plan.total.planned == D("15400.00")
    assert cost_plan.total.actual == D("12700.00")


def test_year_totals_take_every_posting_and_every_accounts_budget(world):
    StaffPlanEntryFactory(unit=UnitFactory(code="60", name="Bauamt"), fte=D("1.5"))

    totals = plan.year_totals(THIS_YEAR)

    assert totals.planned == D("15400.00")
    assert totals.committed == D("10400.00")
    # 9,100 + 3,100 + 500 on measures and 1,000 without one.
    assert totals.actual == D("13700.00")
    assert totals.budget == D("25000.00")
    assert totals.remaining == D("11300.00")
    assert totals.fte == D("1.50")
    assert totals.used_percent == D("54.8")


def test_remaining_budget_turns_negative_when_overspent(world):
    PostingFactory(account=world["account"], amount=D("20000"), booked_on=day(11, 1))

    assert plan.year_totals(THIS_YEAR).remaining == D("-8700.00")


def test_staff_by_unit_sums_programme_and_measure_entries(world):
    building = UnitFactory(code="60", name="Bauamt")
    order = UnitFactory(code="32", name="Ordnungsamt")
    StaffPlanEntryFactory(unit=building, fte=D("1.5"))
    StaffPlanEntryFactory(unit=building, measure=world["a"], fte=D("0.5"))
    StaffPlanEntryFactory(unit=order, fte=D("0.25"))
    StaffPlanEntryFactory(unit=order, fte=D("3"), year=LAST_YEAR)

    assert plan.staff_by_unit(THIS_YEAR) == [("Ordnungsamt", D("0.25")), ("Bauamt", D("2.00"))]
    assert plan.staff_by_unit(LAST_YEAR) == [("Ordnungsamt", D("3.00"))]
    assert plan.year_totals(THIS_YEAR).fte == D("2.25")


def test_staff_plan_table_has_totals_per_year(world):
    building = UnitFactory(code="60", name="Bauamt")
    order = UnitFactory(code="32", name="Ordnungsamt")
    StaffPlanEntryFactory(unit=building, fte=D("1.5"))
    StaffPlanEntryFactory(unit=order, fte=D("0.25"))
    StaffPlanEntryFactory(unit=order, fte=D("1"), year=LAST_YEAR)

    table = plan.staff_plan([LAST_YEAR, THIS_YEAR, THIS_YEAR + 1])

    assert [(row.unit_code, row.values) for row in table.rows] == [
        ("32", [D("1.00"), D("0.25"), D("0")]),
        ("60", [D("0"), D("1.50"), D("0")]),
    ]
    assert table.totals == [D("1.00"), D("1.75"), D("0")]


def test_account_years_give_budget_actual_and_remaining(world):
    years = {
        item.account.number: item
        for item in plan.account_years([world["account"], world["other"]], THIS_YEAR)
    }

    assert years["54310000"].budget == D("20000.00")
    assert years["54310000"].actual == D("12700.00")
    assert years["54310000"].remaining == D("7300.00")
    assert years["54320000"].remaining == D("4000.00")
    history = plan.account_history(world["account"])
    assert [(item.year, item.budget, item.actual) for item in history] == [
        (THIS_YEAR, D("20000.00"), D("12700.00")),
        (LAST_YEAR, D("9000.00"), D("9999.00")),
    ]
    assert history[1].overspent


def test_figures_cost_a_fixed_number_of_queries(world, django_assert_num_queries):
    for index in range(5):
        measure = MeasureFactory(this_year=True, code=f"5.{index}")
        CostItemFactory(measure=measure)
        PostingFactory(account=world["account"], measure=measure)

    with django_assert_num_queries(3):
        plan.measure_costs(THIS_YEAR)
    with django_assert_num_queries(4):
        plan.year_totals(THIS_YEAR)


def test_year_bounds_refuse_a_year_far_off():
    from ..exceptions_plan import YearOutOfRange

    assert plan.check_year(THIS_YEAR) == THIS_YEAR
    with pytest.raises(YearOutOfRange):
        plan.check_year(THIS_YEAR + 50)
    with pytest.raises(YearOutOfRange):
        plan.check_year(1999)


def test_one_off_and_running_are_kept_apart(world):
    CostItemFactory(
        measure=world["b"], category="hardware", kind=CostItem.Kind.RUNNING, planned=D("600")
    )

    (line,) = next(p for p in plan.cost_plan(THIS_YEAR).measures if p.measure.code == "2.1").lines
    assert (line.one_off, line.running, line.planned) == (D("3000.00"), D("600.00"), D("3600.00"))
