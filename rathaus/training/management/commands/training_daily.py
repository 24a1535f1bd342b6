"""``manage.py training_daily``: assign courses and send the training reminders."""

from django.core.management.base import BaseCommand

from rathaus.core.tenancy import town_for_command
from rathaus.training.tasks import run_training_day_of_towns


class Command(BaseCommand):
    help = (
        "The daily run of staff training: assign every published course to the members of "
        "its target group who do not have it yet, assign it again where a certificate ran "
        "out, and e-mail the reminders: a course due within 7 days, a course overdue (the "
        "person's unit lead is told too), a certificate running out within 30 days. Each "
        "reminder goes out once, however often this runs. Run it daily, e.g. from the "
        "rathaus-training timer. Without --host every town is handled."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", help="Only the town with this host name.")

    def handle(self, *args, host=None, **options):
        towns = [town_for_command(host)] if host else None
        for town, counts in run_training_day_of_towns(towns).items():
            self.stdout.write(
                self.style.SUCCESS(
                    f"{town}: {counts['assigned']} assignment(s) made; reminders sent: "
                    f"{counts['due_soon']} due soon, {counts['overdue']} overdue "
                    f"(+{counts['overdue_leads']} to unit leads), "
                    f"{counts['expiring']} certificate(s) running out."
                )
            )
