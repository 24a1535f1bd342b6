"""``manage.py defects_questionnaire``: ask reporters whether their fixed report is fixed."""

from django.core.management.base import BaseCommand

from rathaus.core.tenancy import town_for_command
from rathaus.participation.defects.tasks import send_questionnaires_of_all_towns


class Command(BaseCommand):
    help = (
        "E-mail the reporter of every report marked fixed at least the town's 'ask after "
        "(days)' ago a link with one question: is it really fixed? Each report is asked "
        "about once, however often this runs. Run it daily, e.g. from cron or the "
        "rathaus-defects-questionnaire timer. Without --host every town is handled."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", help="Only the town with this host name.")

    def handle(self, *args, host=None, **options):
        towns = [town_for_command(host)] if host else None
        for town, asked in send_questionnaires_of_all_towns(towns).items():
            self.stdout.write(self.style.SUCCESS(f"{town}: {asked} reporter(s) asked."))
