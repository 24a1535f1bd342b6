"""The programme's figures of money and staff: planned, committed and actual costs per
measure and year, the totals of a year against the budget, and the staff plan.

Planned and committed costs are the cost items (``CostItem``); the ACTUALS are the postings
on the budget accounts, booked to a measure and a type of cost in that year (a posting
without a type of cost counts as "other"). The dashboard and the annual report read the
same functions as the cost-plan pages, so every page shows the same figures. Each function
costs a fixed number of queries, however many measures there are.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone

from .exceptions_plan import YearOutOfRange
from .models import (
    BudgetAccount,
    BudgetAllocation,
    CostCategory,
    CostItem,
    Measure,
    Posting,
    StaffPlanEntry,
)
from .roadmap import roadmap_svg

__all__ = [
    "AccountYear",
    "account_history",
    "account_years",
    "CostLine",
    "CostPlan",
    "MeasureCost",
    "MeasurePlan",
    "StaffPlan",
    "StaffRow",
    "YearTotals",
    "check_year",
    "cost_plan",
    "measure_costs",
    "roadmap_svg",
    "staff_by_unit",
    "staff_plan",
    "year_bounds",
    "year_totals",
]

ZERO = Decimal("0.00")
CENT = Decimal("0.01")
# How far from today a plan may reach: enough for the programme's history and its outlook.
YEARS_BACK = 10
YEARS_AHEAD = 10


def _money(value) -> Decimal:
    return (value or ZERO).quantize(CENT)


def year_bounds(today: datetime.date | None = None) -> tuple[int, int]:
    """The first and last year a cost item, staff plan entry, budget or posting may have."""
    year = (today or timezone.localdate()).year
    return year - YEARS_BACK, year + YEARS_AHEAD


def check_year(year: int) -> int:
    first, last = year_bounds()
    if not first <= year <= last:
        raise YearOutOfRange(first, last)
    return year


def _year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


# ------------------------------------------------------------------ costs per measure


@dataclass(frozen=True)
class MeasureCost:
    """A measure's costs in one year: planned and committed (cost items) and actual
    (postings); ``over_plan`` when the actuals exceed the planned costs."""

    measure: Measure
    planned: Decimal
    committed: Decimal
    actual: Decimal
    over_plan: bool

    @property
    def difference(self) -> Decimal:
        """Planned minus actual: what is left of the plan (negative when over plan)."""
        return self.planned - self.actual


@dataclass
class CostLine:
    """Planned (one-off and running), committed and actual costs of one type of cost."""

    category: str = ""
    one_off: Decimal = ZERO
    running: Decimal = ZERO
    committed: Decimal = ZERO
    actual: Decimal = ZERO

    @property
    def label(self) -> str:
        return str(CostCategory(self.category).label) if self.category else ""

    @property
    def planned(self) -> Decimal:
        return self.one_off + self.running

    @property
    def difference(self) -> Decimal:
        return self.planned - self.actual

    @property
    def over_plan(self) -> bool:
        return self.actual > self.planned

    def add(self, other: "CostLine") -> None:
        self.one_off += other.one_off
        self.running += other.running
        self.committed += other.committed
        self.actual += other.actual


@dataclass
class MeasurePlan:
    """One measure in the cost plan of a year: a line per type of cost and their total."""

    measure: Measure
    lines: list[CostLine]
    total: CostLine

    @property
    def over_plan(self) -> bool:
        return self.total.over_plan


@dataclass
class CostPlan:
    year: int
    measures: list[MeasurePlan]
    categories: list[CostLine]
    total: CostLine
    # Postings of the year booked to no measure: part of the account, not of any measure.
    unassigned_actual: Decimal = ZERO

    @property
    def over_plan(self) -> list[MeasurePlan]:
        return [plan for plan in self.measures if plan.over_plan]


def _cost_lines(year: int) -> tuple[dict, Decimal]:
    """``{measure id: {category: CostLine}}`` of the year, and the actuals booked to no
    measure. Two queries."""
    lines: dict = defaultdict(dict)

    def line(measure_id, category) -> CostLine:
        found = lines[measure_id].get(category)
        if found is None:
            found = lines[measure_id][category] = CostLine(category)
        return found

    for measure_id, kind, category, planned, committed in (
        CostItem.objects.filter(year=year)
        .values_list("measure_id", "kind", "category")
        .annotate(Sum("planned"), Sum("committed"))
        .order_by()
    ):
        target = line(measure_id, category)
        if kind == CostItem.Kind.ONE_OFF:
            target.one_off += _money(planned)
        else:
            target.running += _money(planned)
        target.committed += _money(committed)

    unassigned = ZERO
    first, last = _year_range(year)
    for measure_id, category, amount in (
        Posting.objects.filter(booked_on__range=(first, last))
        .values_list("measure_id", "category")
        .annotate(Sum("amount"))
        .order_by()
    ):
        if measure_id is None:
            unassigned += _money(amount)
        else:
            line(measure_id, category or CostCategory.OTHER).actual += _money(amount)
    return lines, unassigned


def _measures(ids) -> list[Measure]:
    return list(Measure.objects.filter(pk__in=ids).select_related("field"))


def cost_plan(year: int) -> CostPlan:
    """The cost plan of ``year``: every measure with cost items or postings in the year, a
    line per type of cost, and the totals per type of cost and of the year. Three queries."""
    lines, unassigned = _cost_lines(year)
    order = list(CostCategory.values)
    by_category = {category: CostLine(category) for category in order}
    total = CostLine()
    plans = []
    for measure in _measures(lines.keys()):
        measure_lines = sorted(
            lines[measure.pk].values(), key=lambda item: order.index(item.category)
        )
        measure_total = CostLine()
        for item in measure_lines:
            measure_total.add(item)
            by_category[item.category].add(item)
        total.add(measure_total)
        plans.append(MeasurePlan(measure, measure_lines, measure_total))
    return CostPlan(
        year=year,
        measures=plans,
        categories=[line for line in by_category.values() if line != CostLine(line.category)],
        total=total,
        unassigned_actual=unassigned,
    )


def measure_costs(year: int) -> list[MeasureCost]:
    """Per measure with costs or postings in ``year``: planned, committed and actual costs,
    and whether the actuals exceed the plan. In the concept's order of measures."""
    return [
        MeasureCost(
            measure=plan.measure,
            planned=plan.total.planned,
            committed=plan.total.committed,
            actual=plan.total.actual,
            over_plan=plan.over_plan,
        )
        for plan in cost_plan(year).measures
    ]


# ------------------------------------------------------------------ the year as a whole


@dataclass(frozen=True)
class YearTotals:
    """The programme's money and staff in one year. ``actual`` is every posting of the
    year on every budget account (with or without a measure); ``budget`` the allocations of
    all accounts; ``remaining`` the budget minus the actuals (negative when overspent)."""

    year: int
    planned: Decimal
    committed: Decimal
    actual: Decimal
    budget: Decimal
    remaining: Decimal
    fte: Decimal

    @property
    def used_percent(self) -> Decimal | None:
        """The share of the budget spent, in per cent with one decimal; None without budget."""
        if not self.budget:
            return None
        return (100 * self.actual / self.budget).quantize(Decimal("0.1"))


def year_totals(year: int) -> YearTotals:
    """Planned, committed and actual costs, budget and remaining budget, and the staff
    plan's full-time equivalents of ``year``. Four queries."""
    costs = CostItem.objects.filter(year=year).aggregate(
        planned=Sum("planned"), committed=Sum("committed")
    )
    actual = _money(
        Posting.objects.filter(booked_on__range=_year_range(year)).aggregate(total=Sum("amount"))[
            "total"
        ]
    )
    budget = _money(
        BudgetAllocation.objects.filter(year=year).aggregate(total=Sum("amount"))["total"]
    )
    fte = StaffPlanEntry.objects.filter(year=year).aggregate(total=Sum("fte"))["total"]
    return YearTotals(
        year=year,
        planned=_money(costs["planned"]),
        committed=_money(costs["committed"]),
        actual=actual,
        budget=budget,
        remaining=budget - actual,
        fte=_money(fte),
    )


# ------------------------------------------------------------------ budget accounts


@dataclass(frozen=True)
class AccountYear:
    """One budget account in one year: its budget (None when none is set), the postings'
    total, and what remains."""

    account: BudgetAccount
    year: int
    budget: Decimal | None
    actual: Decimal

    @property
    def remaining(self) -> Decimal:
        return (self.budget or ZERO) - self.actual

    @property
    def overspent(self) -> bool:
        return self.remaining < 0

    @property
    def used_percent(self) -> Decimal | None:
        if not self.budget:
            return None
        return (100 * self.actual / self.budget).quantize(Decimal("0.1"))


def account_years(accounts, year: int) -> list[AccountYear]:
    """Budget, actuals and remaining budget of each of ``accounts`` in ``year``. Two
    queries."""
    accounts = list(accounts)
    ids = [account.pk for account in accounts]
    budgets = dict(
        BudgetAllocation.objects.filter(account_id__in=ids, year=year).values_list(
            "account_id", "amount"
        )
    )
    actuals = dict(
        Posting.objects.filter(account_id__in=ids, booked_on__range=_year_range(year))
        .values_list("account_id")
        .annotate(Sum("amount"))
        .order_by()
    )
    return [
        AccountYear(
            account=account,
            year=year,
            budget=_money(budgets[account.pk]) if account.pk in budgets else None,
            actual=_money(actuals.get(account.pk)),
        )
        for account in accounts
    ]


def account_history(account: BudgetAccount) -> list[AccountYear]:
    """The account's years with a budget or postings, the latest first. Two queries."""
    budgets = dict(account.budgets.values_list("year", "amount"))
    actuals = dict(
        account.postings.annotate(year=ExtractYear("booked_on"))
        .values_list("year")
        .annotate(Sum("amount"))
        .order_by()
    )
    years = sorted(set(budgets) | set(actuals), reverse=True)
    return [
        AccountYear(
            account=account,
            year=year,
            budget=_money(budgets[year]) if year in budgets else None,
            actual=_money(actuals.get(year)),
        )
        for year in years
    ]


# ------------------------------------------------------------------ staff


def staff_by_unit(year: int) -> list[tuple[str, Decimal]]:
    """Full-time equivalents per unit in ``year`` (entries for single measures included),
    as (unit name, FTE), in the order of the unit codes. One query."""
    rows = (
        StaffPlanEntry.objects.filter(year=year)
        .values_list("unit__code", "unit__name")
        .annotate(total=Sum("fte"))
        .order_by("unit__code")
    )
    return [(name, _money(total)) for _code, name, total in rows]


@dataclass
class StaffRow:
    unit_name: str
    unit_code: str
    values: list[Decimal] = field(default_factory=list)


@dataclass
class StaffPlan:
    """Full-time equivalents per unit (rows) and year (columns), with the totals per year."""

    years: list[int]
    rows: list[StaffRow]
    totals: list[Decimal]


def staff_plan(years: list[int]) -> StaffPlan:
    """The staff plan of ``years`` as a table of units and years. One query."""
    found: dict = {}
    for code, name, year, total in (
        StaffPlanEntry.objects.filter(year__in=years)
        .values_list("unit__code", "unit__name", "year")
        .annotate(total=Sum("fte"))
        .order_by("unit__code")
    ):
        row = found.get(code)
        if row is None:
            row = found[code] = StaffRow(name, code, [ZERO for _year in years])
        row.values[years.index(year)] = _money(total)
    rows = list(found.values())
    totals = [sum((row.values[index] for row in rows), ZERO) for index in range(len(years))]
    return StaffPlan(years=list(years), rows=rows, totals=totals)
