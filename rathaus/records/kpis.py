"""Key figures of the e-file (e-Akte) for the programme's reports.

Every figure is ``compute(town, period)``: ``period`` is ``(first_day, last_day)`` (dates,
both included, in the town's time zone) or ``None`` for all time, computed inside the
town's scope.
"""

from rathaus.core.registries import register_kpi
from rathaus.core.tenancy import for_town

from .models import Document


def _in_period(documents, period):
    if period is None:
        return documents
    first, last = period
    return documents.filter(created_at__date__gte=first, created_at__date__lte=last)


@register_kpi(
    key="records.documents_filed",
    label="In der E-Akte abgelegte Dokumente",
    unit="Dokumente",
    description="Documents filed in the e-file in the period: incoming mail and scans, "
    "outgoing letters and internal documents, each kept electronically instead of on paper.",
)
def documents_filed(town, period) -> int:
    with for_town(town):
        return _in_period(Document.objects.all(), period).count()


@register_kpi(
    key="records.incoming_filed",
    label="Elektronisch abgelegte Eingänge",
    unit="Eingänge",
    description="Incoming documents (mail, scans, online applications) filed in the e-file "
    "in the period.",
)
def incoming_filed(town, period) -> int:
    with for_town(town):
        return _in_period(Document.objects.filter(kind=Document.Kind.INCOMING), period).count()
