"""Key figures of the open-data programme, for the programme's reports.

Every figure is ``compute(town, period)``: ``period`` is ``(first_day, last_day)`` (dates,
both included) or ``None`` for all time (then "until today"). The figures are computed
inside the town's scope; a dataset counts while it is published.
"""

import datetime

from django.utils import timezone

from rathaus.core.registries import register_kpi
from rathaus.core.tenancy import for_town

from .models import AutomaticDataset, Dataset


def _end(period) -> datetime.date:
    return period[1] if period else timezone.localdate()


def _published_by(period):
    """Datasets published now that were first published by the end of the period."""
    return Dataset.objects.published().filter(published_at__date__lte=_end(period))


@register_kpi(
    key="opendata.published_datasets",
    label="Veröffentlichte offene Datensätze",
    unit="Datensätze",
    description="Datasets published in the open-data portal at the end of the period.",
)
def published_datasets(town, period) -> int:
    with for_town(town):
        return _published_by(period).count()


@register_kpi(
    key="opendata.datasets_updated_12_months",
    label="In den letzten 12 Monaten aktualisierte Datensätze",
    unit="Datensätze",
    description="Published datasets changed (metadata or a file) in the twelve months "
    "up to the end of the period.",
)
def datasets_updated_12_months(town, period) -> int:
    end = _end(period)
    start = end - datetime.timedelta(days=365)
    with for_town(town):
        return (
            _published_by(period)
            .filter(modified_at__date__gt=start, modified_at__date__lte=end)
            .count()
        )


@register_kpi(
    key="opendata.share_updated_12_months",
    label="Anteil aktueller Datensätze",
    unit="%",
    description="Published datasets updated in the last twelve months, as a share of all "
    "published datasets.",
)
def share_updated_12_months(town, period) -> float | None:
    published = published_datasets(town, period)
    if not published:
        return None
    return round(100 * datasets_updated_12_months(town, period) / published, 1)


@register_kpi(
    key="opendata.automatic_datasets",
    label="Automatisch veröffentlichte Datensätze",
    unit="Datensätze",
    description="Automatic datasets (figures of the platform's own modules) that are "
    "switched on and published.",
)
def automatic_datasets(town, period) -> int:
    with for_town(town):
        return AutomaticDataset.objects.filter(
            is_enabled=True, dataset__state=Dataset.State.PUBLISHED
        ).count()
