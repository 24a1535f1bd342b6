"""``manage.py delete_town``: delete a town and everything of it, when it leaves."""

from django.core.management.base import BaseCommand, CommandError

from rathaus.core.models import Town
from rathaus.core.tenancy import scopes_disabled
from rathaus.core.towns.contents import town_file_names, town_row_counts
from rathaus.core.towns.deletion import delete_town


class Command(BaseCommand):
    help = (
        "Delete one town completely, when it leaves the provider: its accounts and their "
        "sessions and second-factor devices, units, roles, organisations, messages, "
        "feedback, jobs, its audit trail, its host names, the town itself and, once that "
        "has committed, its uploaded files. This cannot be undone: export the town first "
        "(manage.py export_town) and suspend it. Without --yes it only shows what would be "
        "deleted. Example: manage.py delete_town --host service.musterstadt.de --yes"
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", required=True, help="A host name of the town to delete.")
        parser.add_argument(
            "--yes", action="store_true", help="Really delete (without it nothing is deleted)."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Also delete the provider's own town, whose administrators manage the others.",
        )

    def handle(self, *args, host, yes, force, **options):
        town = Town.objects.for_host(host)
        if town is None:
            raise CommandError(f"No town is served under {host!r}.")
        if town.is_provider and not force:
            raise CommandError(
                f"{town} is the provider's own town; add --force to delete it anyway."
            )
        if not yes:
            with scopes_disabled():
                counts = town_row_counts(town)
                files = len(town_file_names(town))
            self.stdout.write(f"Deleting {town} ({town.pk}) would remove:")
            self._write_counts({**counts, "files": files})
            raise CommandError("Nothing was deleted. Run again with --yes to delete.")
        counts = delete_town(town=town, allow_provider=force)
        self.stdout.write(self.style.SUCCESS(f"Deleted {town} ({town.pk}):"))
        self._write_counts(counts)

    def _write_counts(self, counts: dict[str, int]) -> None:
        for label, count in sorted(counts.items()):
            if count:
                self.stdout.write(f"  {label}: {count}")
