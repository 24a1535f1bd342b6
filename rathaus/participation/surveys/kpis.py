"""Key figures of surveys, for the programme's reports.

``compute(town, period)``: ``period`` is ``(first_day, last_day)`` (dates, both included)
or ``None`` for all time.
"""

from rathaus.core.registries import register_kpi
from rathaus.core.tenancy import for_town

from .models import Response


@register_kpi(
    key="surveys.responses",
    label="Antworten auf Umfragen",
    unit="Antworten",
    description="Filled-in surveys of the participatory processes.",
)
def survey_responses(town, period) -> int:
    with for_town(town):
        responses = Response.objects.all()
        if period:
            first, last = period
            responses = responses.filter(created_at__date__gte=first, created_at__date__lte=last)
        return responses.count()
