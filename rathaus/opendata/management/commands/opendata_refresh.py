"""``manage.py opendata_refresh``: publish a new version of every automatic dataset."""

from django.core.management.base import BaseCommand

from rathaus.core.models import Town
from rathaus.core.tenancy import for_town, town_for_command
from rathaus.opendata.models import AutomaticDataset
from rathaus.opendata.services.automatic import refresh_all


class Command(BaseCommand):
    help = (
        "Build the figures of every automatic dataset a data steward switched on and "
        "publish them as a new dated version (figures unchanged since the last version add "
        "nothing). One failing dataset does not stop the others; its error is shown on the "
        "staff page of automatic datasets and printed here. Run it daily at night, e.g. "
        "from the rathaus-opendata timer. Without --host every town is handled."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", help="Only the town with this host name.")

    def handle(self, *args, host=None, **options):
        towns = [town_for_command(host)] if host else Town.objects.order_by("name")
        for town in towns:
            refreshed = refresh_all(town)
            with for_town(town):
                failed = list(
                    AutomaticDataset.objects.filter(is_enabled=True)
                    .exclude(last_error="")
                    .values_list("publisher_key", "last_error")
                )
            self.stdout.write(
                self.style.SUCCESS(f"{town}: {refreshed} automatic dataset(s) refreshed.")
            )
            for key, error in failed:
                self.stderr.write(f"{town}: {key}: {error}")
