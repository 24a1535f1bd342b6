"""Key figures of petitions, for the programme's reports.

Every figure is ``compute(town, period)``: ``period`` is ``(first_day, last_day)`` (dates,
both included) or ``None`` for all time. The figures are computed inside the town's scope.
"""

import statistics

from rathaus.core.registries import register_kpi
from rathaus.core.tenancy import for_town

from .models import Petition


def _received(period):
    queryset = Petition.objects.all()
    if period:
        first, last = period
        queryset = queryset.filter(created_at__date__gte=first, created_at__date__lte=last)
    return queryset


def _answered(period):
    queryset = Petition.objects.filter(answered_at__isnull=False)
    if period:
        first, last = period
        queryset = queryset.filter(answered_at__date__gte=first, answered_at__date__lte=last)
    return queryset


@register_kpi(
    key="petitions.received",
    label="Eingegangene Eingaben",
    unit="Eingaben",
    description="Suggestions, complaints and petitions received online.",
)
def petitions_received(town, period) -> int:
    with for_town(town):
        return _received(period).count()


@register_kpi(
    key="petitions.answered",
    label="Beantwortete Eingaben",
    unit="Eingaben",
    description="Petitions that received a reasoned answer in the period.",
)
def petitions_answered(town, period) -> int:
    with for_town(town):
        return _answered(period).count()


@register_kpi(
    key="petitions.median_days_to_answer",
    label="Bearbeitungsdauer von Eingaben (Median)",
    unit="Tage",
    description="Median days from receipt to the reasoned answer, of petitions answered.",
)
def median_days_to_answer(town, period) -> float | None:
    with for_town(town):
        rows = _answered(period).values_list("created_at", "answered_at")
        days = [(answered - received).total_seconds() / 86400 for received, answered in rows]
    return round(statistics.median(days), 1) if days else None
