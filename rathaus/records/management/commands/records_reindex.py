"""``manage.py records_reindex``: rebuild the e-file's search index of one town."""

from django.core.management.base import BaseCommand

from rathaus.core.tenancy import town_for_command
from rathaus.records.search import reindex_all


class Command(BaseCommand):
    help = (
        "Rebuild the e-file's full-text search index of one town from its files, procedures, "
        "notes and documents (and recreate the engine's index structures if missing)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--host", help="A host name of the town (needed when there are several towns)."
        )

    def handle(self, *args, host=None, **options):
        town = town_for_command(host)
        count = reindex_all(town)
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} entries of {town}."))
