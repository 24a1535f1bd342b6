"""The programme's monthly run: record the value of every computed key figure of every town
for the month just ended, so each figure has a history. ``record_last_month`` can be
enqueued by a scheduler; the systemd timer runs ``manage.py programme_monthly`` instead."""

import datetime

from django.utils import timezone
from django_tasks import task

from rathaus.core.models import Town
from rathaus.core.tenancy import for_town

from .figures import previous_month


def record_key_figures_of_towns(
    months: list[datetime.date], towns=None, *, today: datetime.date | None = None
) -> dict:
    """{town name: {"recorded": n, "updated": n, "failed": [...], "unregistered": [...]}},
    town by town, each in its own scope. Safe to run again: a month's row is updated."""
    from .services.figures import record_computed_months

    today = today or timezone.localdate()
    result = {}
    for town in towns if towns is not None else Town.objects.order_by("name"):
        with for_town(town):
            counts = record_computed_months(months, today=today)
        result[str(town)] = counts.as_dict()
    return result


@task()
def record_last_month() -> dict:
    return record_key_figures_of_towns([previous_month(timezone.localdate())])
