"""Key figures of the e-Government programme itself, for its own key figures and reports.

Every figure is ``compute(town, period)``: ``period`` is ``(first_day, last_day)`` (dates,
both included) or ``None`` (then "until today"). They are figures about a state, taken on
the period's last day (or today, if that lies ahead): the budget spent so far in that day's
year, and the measures' status on that day (``querysets.statuses_on``: from each measure's
status history, which begins with the measure or, for measures older than the history, with
the status they had when it was introduced).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone

from rathaus.core.registries import register_kpi
from rathaus.core.tenancy import for_town

from .models import BudgetAllocation, Measure, Posting
from .querysets import statuses_on


def _as_of(period) -> datetime.date:
    today = timezone.localdate()
    return min(period[1], today) if period else today


def _share(part: Decimal | int, whole: Decimal | int) -> float | None:
    if not whole:
        return None
    share = Decimal(part) * 100 / Decimal(whole)
    return float(share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def budget_used(as_of: datetime.date) -> tuple[Decimal, Decimal]:
    """(spent, budget) of ``as_of``'s year on all of the programme's budget accounts:
    the postings booked from 1 January to ``as_of``, and the year's allocations."""
    budget = BudgetAllocation.objects.filter(year=as_of.year).aggregate(total=Sum("amount"))
    spent = Posting.objects.filter(
        booked_on__gte=datetime.date(as_of.year, 1, 1), booked_on__lte=as_of
    ).aggregate(total=Sum("amount"))
    return spent["total"] or Decimal("0"), budget["total"] or Decimal("0")


@register_kpi(
    key="programme.budget_used_share",
    label="Anteil verausgabter Programmmittel",
    unit="%",
    description="Postings booked on the programme's budget accounts from 1 January to the "
    "period's last day, as a share of that year's budget of all its accounts.",
)
def budget_used_share(town, period) -> float | None:
    with for_town(town):
        spent, budget = budget_used(_as_of(period))
        return _share(spent, budget)


@register_kpi(
    key="programme.measures_done_share",
    label="Anteil abgeschlossener Maßnahmen",
    unit="%",
    description="Measures of the e-Government concept that are done, as a share of all "
    "measures not stopped, on the period's last day.",
)
def measures_done_share(town, period) -> float | None:
    with for_town(town):
        statuses = [s for s in statuses_on(_as_of(period)).values() if s != Measure.Status.STOPPED]
        return _share(statuses.count(Measure.Status.DONE), len(statuses))


@register_kpi(
    key="programme.measures_overdue",
    label="Überfällige Maßnahmen",
    unit="Maßnahmen",
    description="Measures not done or stopped whose end date lies before the period's last day.",
)
def measures_overdue(town, period) -> int:
    as_of = _as_of(period)
    with for_town(town):
        open_then = [pk for pk, s in statuses_on(as_of).items() if s not in Measure.CLOSED]
        return Measure.objects.filter(pk__in=open_then, ends_on__lt=as_of).count()
