"""The daily run of training: assign courses to new members of their target groups and
again where a certificate ran out, then send the reminders (due soon, overdue, certificate
running out). ``run_training_day`` can be enqueued by a scheduler; the systemd timer runs
``manage.py training_daily`` instead."""

import datetime

from django_tasks import task

from rathaus.core.models import Town
from rathaus.core.tenancy import for_town


def run_training_day_of_towns(towns=None, *, today: datetime.date | None = None) -> dict:
    """{town name: {"assigned": n, "due_soon": n, …}}, town by town, each in its own scope."""
    from .services.assignments import assign_everyone
    from .services.reminders import send_reminders

    result = {}
    for town in towns if towns is not None else Town.objects.order_by("name"):
        with for_town(town):
            assigned = assign_everyone(today=today)
            counts = send_reminders(today=today)
        result[str(town)] = {"assigned": assigned, **counts.as_dict()}
    return result


@task()
def run_training_day() -> dict:
    return run_training_day_of_towns()
