"""Background task of appointments: the reminders the day before.

``send_appointment_reminders`` can be enqueued by a scheduler (e.g. hourly or daily from
cron via ``manage.py appointments_remind``, or ``send_appointment_reminders.enqueue()``).
"""

from django_tasks import task

from rathaus.core.models import Town
from rathaus.core.tenancy import for_town


def send_reminders_of_all_towns(towns=None) -> dict:
    """{town name: reminders sent}, town by town."""
    from .services import send_reminders

    result = {}
    for town in towns if towns is not None else Town.objects.order_by("name"):
        with for_town(town):
            result[str(town)] = send_reminders()
    return result


@task()
def send_appointment_reminders() -> dict:
    return send_reminders_of_all_towns()
