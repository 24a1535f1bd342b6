"""``manage.py audit_verify``: check that nobody changed the audit trail."""

from django.core.management.base import BaseCommand, CommandError

from rathaus.core.audit.verify import verify_chain
from rathaus.core.models import Town
from rathaus.core.tenancy import for_town


class Command(BaseCommand):
    help = (
        "Check every town's audit trail hash chain from the first entry to the newest. Every entry "
        "holds the hash of the one before it, so an entry that was changed, deleted or "
        "inserted directly in the database, or a cut-off end, is found. Exits with 0 and "
        "the number of entries checked when the chain is intact; with 1 and a list of the "
        "problems when it is not. Run it regularly (e.g. nightly from cron) and keep the "
        "printed newest hash somewhere else: it lets you prove later that the trail "
        "up to that point was not rewritten."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=2000,
            help="Entries read from the database at a time (default: %(default)s).",
        )

    def handle(self, *args, batch_size: int, **options):
        broken = []
        for town in Town.objects.order_by("name"):
            with for_town(town):
                result = verify_chain(batch_size=batch_size)
            if result.ok:
                self.stdout.write(
                    self.style.SUCCESS(
                        f"{town}: audit trail intact, {result.checked} entries checked. "
                        f"Newest entry #{result.last_sequence}, hash {result.last_hash}."
                    )
                )
                continue
            broken.append(str(town))
            self.stderr.write(
                f"{town}: audit trail BROKEN: "
                f"{len(result.problems) + result.more_problems} problem(s) "
                f"in {result.checked} entries checked:"
            )
            for problem in result.problems:
                self.stderr.write(f"  - {problem}")
            if result.more_problems:
                self.stderr.write(f"  … and {result.more_problems} more.")
        if broken:
            raise CommandError(
                "The audit trail was tampered with or damaged in: "
                + ", ".join(broken)
                + "; see the list above.",
                returncode=1,
            )
