"""Key figures of the defect reporter for the programme's reports.

Every figure is ``compute(town, period)``: ``period`` is ``(first_day, last_day)`` (dates,
both included) or ``None`` for all time, computed inside the town's scope.
"""

from rathaus.core.registries import register_kpi
from rathaus.core.tenancy import for_town

from . import statistics


@register_kpi(
    key="defects.reports",
    label="Mängelmeldungen",
    unit="Meldungen",
    description="Published defect reports received in the period (all categories).",
)
def reports(town, period) -> int:
    with for_town(town):
        return sum(row["reports"] for row in statistics.reports_per_category_and_month(period))


@register_kpi(
    key="defects.median_days_to_fix",
    label="Mängelmelder: Median Tage bis zur Behebung",
    unit="Tage",
    description="Median days from report to 'fixed' of the reports fixed in the period.",
)
def median_days_to_fix(town, period):
    with for_town(town):
        return statistics.median_days_to_fix(period)


@register_kpi(
    key="defects.fixed_within_14_days",
    label="Mängelmelder: innerhalb von 14 Tagen behoben",
    unit="%",
    description="Share of the reports received in the period that were fixed within 14 days.",
)
def fixed_within_14_days(town, period):
    with for_town(town):
        return statistics.share_fixed_within(14, period)
