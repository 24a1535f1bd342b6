"""Background task of co-signing routes: the e-mail digest of pending steps.

``send_route_digests`` can be enqueued by a scheduler (e.g. daily from cron via
``manage.py records_digest``, or ``send_route_digests.enqueue()`` from a periodic job).
"""

from django_tasks import task

from rathaus.core.models import Town
from rathaus.core.tenancy import for_town


def send_digests_of_all_towns(towns=None) -> dict:
    """{town name: e-mails sent}: one digest per person with pending steps, town by town."""
    from .services.routes import send_digests

    result = {}
    for town in towns if towns is not None else Town.objects.order_by("name"):
        with for_town(town):
            result[str(town)] = send_digests()
    return result


@task()
def send_route_digests() -> dict:
    return send_digests_of_all_towns()
