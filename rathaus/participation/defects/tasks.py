"""Background task of the defect reporter: the “is it fixed?” questionnaire.

``ask_whether_fixed`` can be enqueued by a scheduler (``ask_whether_fixed.enqueue()``) or
run daily from cron or a systemd timer via ``manage.py defects_questionnaire``.
"""

from django_tasks import task

from rathaus.core.models import Town
from rathaus.core.tenancy import for_town


def send_questionnaires_of_all_towns(towns=None) -> dict:
    """{town name: reporters asked}, town by town."""
    from .services.questionnaire import send_questionnaires

    result = {}
    for town in towns if towns is not None else Town.objects.order_by("name"):
        with for_town(town):
            result[str(town)] = send_questionnaires()
    return result


@task()
def ask_whether_fixed() -> dict:
    return send_questionnaires_of_all_towns()
