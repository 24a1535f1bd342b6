"""``manage.py programme_daily``: send the funding reminders of the e-Government programme."""

from django.core.management.base import BaseCommand

from rathaus.core.tenancy import town_for_command
from rathaus.programme.reminders import send_reminders_of_towns


class Command(BaseCommand):
    help = (
        "The daily run of the e-Government programme: tell the e-Government officers 30 and "
        "7 days before a funding programme's next deadline, and 30 and 7 days before a granted "
        "application's next report is due (in their postbox and by e-mail). Each reminder goes "
        "out once, however often this runs. Run it daily, e.g. from a systemd timer. Without "
        "--host every town is handled."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", help="Only the town with this host name.")

    def handle(self, *args, host=None, **options):
        towns = [town_for_command(host)] if host else None
        for town, counts in send_reminders_of_towns(towns).items():
            self.stdout.write(
                self.style.SUCCESS(
                    f"{town}: {counts['deadlines']} deadline reminder(s), "
                    f"{counts['reports']} report reminder(s) sent."
                )
            )
