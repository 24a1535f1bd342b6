"""``manage.py payments_recheck``: ask the payment provider about pending payments."""

from django.core.management.base import BaseCommand

from rathaus.core.tenancy import town_for_command
from rathaus.services.payments.tasks import recheck_payments_of_all_towns


class Command(BaseCommand):
    help = (
        "Ask the payment provider about every payment that has been waiting for more than "
        "five minutes (the person may have paid and closed the browser), so the application "
        "goes on. Run it every few minutes, e.g. from cron. Without --host every town is "
        "handled."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", help="Only the town with this host name.")

    def handle(self, *args, host=None, **options):
        towns = [town_for_command(host)] if host else None
        for town, counts in recheck_payments_of_all_towns(towns).items():
            summary = ", ".join(f"{count} {state}" for state, count in sorted(counts.items()))
            self.stdout.write(self.style.SUCCESS(f"{town}: {summary or 'nothing to check'}."))
