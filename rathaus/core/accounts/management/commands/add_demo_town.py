"""``manage.py add_demo_town``: one more demo town on its own host name, for trying and
testing multi-town hosting."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Add a demo town with demo-sized data (units, one account per role, a business) "
        "served under HOST, e.g. `add_demo_town --name Musterstadt --host "
        "musterstadt.localhost` (browsers resolve *.localhost to this machine). Safe to run "
        "again. Refused when RATHAUS_ENV=production."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="The town's name.")
        parser.add_argument("--host", required=True, help="The host name it is served under.")
        parser.add_argument("--quiet", action="store_true", help="Do not print the logins.")

    def handle(self, *args, name: str, host: str, quiet: bool, **options):
        call_command("load_demo", name=name, hosts=[host], quiet=quiet, stdout=self.stdout)
