"""``manage.py records_digest``: e-mail every member of staff what waits in their inbox."""

from django.core.management.base import BaseCommand

from rathaus.core.tenancy import town_for_command
from rathaus.records.tasks_routes import send_digests_of_all_towns


class Command(BaseCommand):
    help = (
        "Send each member of staff with pending route steps (co-signing, approval, "
        "information) one e-mail listing them, overdue ones first. Run it daily, e.g. from "
        "cron. Without --host every town is handled."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", help="Only the town with this host name.")

    def handle(self, *args, host=None, **options):
        towns = [town_for_command(host)] if host else None
        for town, sent in send_digests_of_all_towns(towns).items():
            self.stdout.write(self.style.SUCCESS(f"{town}: {sent} digest e-mail(s) sent."))
