"""``manage.py appointments_remind``: remind people of their appointments tomorrow."""

from django.core.management.base import BaseCommand

from rathaus.core.tenancy import town_for_command
from rathaus.services.appointments.tasks import send_reminders_of_all_towns


class Command(BaseCommand):
    help = (
        "E-mail a reminder (with the appointment as a calendar file) to everybody whose "
        "appointment is tomorrow and who has not been reminded yet; each appointment is "
        "reminded once, however often this runs. Run it daily or hourly, e.g. from cron. "
        "Without --host every town is handled."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", help="Only the town with this host name.")

    def handle(self, *args, host=None, **options):
        towns = [town_for_command(host)] if host else None
        for town, sent in send_reminders_of_all_towns(towns).items():
            self.stdout.write(self.style.SUCCESS(f"{town}: {sent} reminder(s) sent."))
