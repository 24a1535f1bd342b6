"""``manage.py programme_monthly``: record the month's values of the computed key figures."""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from rathaus.core.tenancy import town_for_command
from rathaus.programme.figures import ended_months, previous_month
from rathaus.programme.tasks import record_key_figures_of_towns


def _month(text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(text, "%Y-%m").date()
    except ValueError:
        raise CommandError(f"--month takes a month as YYYY-MM, not {text!r}.") from None


class Command(BaseCommand):
    help = (
        "The monthly run of the e-Government programme: for every key figure computed from "
        "the platform's data, store its value of the month just ended (first to last day), "
        "which builds the figure's monthly history. Running it again for a month updates "
        "that month's values. --year fills in every month of a year that is over (a "
        "backfill, e.g. after defining new figures); --month one month (YYYY-MM). Run it "
        "early on the 1st of every month, e.g. from the rathaus-programme-monthly timer. Without "
        "--host every town is handled."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", help="Only the town with this host name.")
        when = parser.add_mutually_exclusive_group()
        when.add_argument("--year", type=int, help="Every month of this year that is over.")
        when.add_argument("--month", help="This month (YYYY-MM), if it is over.")

    def handle(self, *args, host=None, year=None, month=None, **options):
        today = timezone.localdate()
        if year is not None:
            months = ended_months(year, today)
            if not months:
                raise CommandError(f"No month of {year} is over yet.")
        elif month is not None:
            months = [_month(month)]
            if months[0] not in ended_months(months[0].year, today):
                raise CommandError(f"{month} is not over yet.")
        else:
            months = [previous_month(today)]
        towns = [town_for_command(host)] if host else None
        span = (
            f"{months[0]:%Y-%m}" if len(months) == 1 else f"{months[0]:%Y-%m} to {months[-1]:%Y-%m}"
        )
        problems = False
        for town, counts in record_key_figures_of_towns(months, towns, today=today).items():
            self.stdout.write(
                self.style.SUCCESS(
                    f"{town}, {span}: {counts['recorded']} value(s) recorded, "
                    f"{counts['updated']} updated."
                )
            )
            for item in counts["unregistered"]:
                self.stderr.write(
                    f"{town}: key figure {item} is computed from a key no app offers; skipped."
                )
            for item in counts["failed"]:
                problems = True
                self.stderr.write(self.style.ERROR(f"{town}: {item} could not be computed."))
        if problems:
            raise CommandError("Some values could not be computed; see the log.")
