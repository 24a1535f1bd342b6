"""Background job of payments: asking the provider about payments nobody came back for.

A person may pay and close the browser before the provider sends it back; the payment
then stays pending until someone asks. ``recheck_payments`` asks about every pending
payment older than a few minutes, town by town. Enqueue it regularly from a scheduler
(``recheck_payments.enqueue()``), or run ``manage.py payments_recheck`` from cron, e.g.
every five minutes.
"""

from django_tasks import task

from rathaus.core.models import Town
from rathaus.core.tenancy import for_town


def recheck_payments_of_all_towns(towns=None) -> dict:
    """{town name: {state: count}} of the pending payments checked, town by town."""
    from .services import recheck_pending_payments

    result = {}
    for town in towns if towns is not None else Town.objects.order_by("name"):
        with for_town(town):
            result[str(town)] = recheck_pending_payments()
    return result


@task()
def recheck_payments() -> dict:
    return recheck_payments_of_all_towns()
