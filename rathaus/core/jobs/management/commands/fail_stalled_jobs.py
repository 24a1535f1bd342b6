"""Mark background jobs whose worker was lost as failed (hourly timer in docs/deploy)."""

import datetime

from django.core.management.base import BaseCommand

from rathaus.core.jobs.services import STALLED_AFTER, fail_stalled_jobs


class Command(BaseCommand):
    help = (
        "Mark the jobs of every town that have been running for longer than --hours as "
        "failed: their worker stopped, and their starters are told to start them again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hours",
            type=float,
            default=STALLED_AFTER.total_seconds() / 3600,
            help="How long a job may run before it counts as stalled (default: %(default)s).",
        )

    def handle(self, *args, hours: float, **options):
        count = fail_stalled_jobs(older_than=datetime.timedelta(hours=hours))
        self.stdout.write(f"{count} stalled job(s) marked failed.")
