"""Every registered publisher, run on the seeded demo town, publishes a flat table of
figures in which no count of one or two appears as a number (such counts could point to
a person; the publishers publish them as "<3" or leave them empty)."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from rathaus.core.models import Town
from rathaus.core.registries import open_data_registry
from rathaus.core.tenancy import for_town
from rathaus.services.models import Service
from rathaus.services.tests.factories import ApplicationFactory

from ..services.automatic import NothingToPublish, check_rows

# Whole-number columns that are not counts of people or cases; the votes of a participatory
# budget are its official result, shown on the results page as they are.
NOT_COUNTS = {
    "rank",
    "question_number",
    "maturity",
    "year",
    "typical_working_days",
    "votes",
    "ballots_cast",
}


def small_counts(rows: list[dict]) -> list[tuple[str, int]]:
    return [
        (column, value)
        for row in rows
        for column, value in row.items()
        if column not in NOT_COUNTS
        and isinstance(value, int)
        and not isinstance(value, bool)
        and value in (1, 2)
    ]


def test_every_publisher_publishes_flat_figures_without_small_counts():
    call_command("load_demo", stdout=StringIO())
    town = Town.objects.for_host("127.0.0.1")
    with for_town(town):
        # One decided application, so that the processing times have a (small) figure.
        decided = timezone.now() - datetime.timedelta(days=3)
        ApplicationFactory(
            service=Service.objects.get(slug="gewerbeanmeldung"),
            state="decided",
            submitted_at=decided - datetime.timedelta(days=4),
            received_at=decided - datetime.timedelta(days=4),
            decided_at=decided,
        )

    offenders, checked = {}, []
    for publisher in open_data_registry.all():
        rows = publisher.build(town)
        try:
            check_rows(rows)
        except NothingToPublish:
            continue
        checked.append(publisher.key)
        if found := small_counts(rows):
            offenders[publisher.key] = found

    assert {
        "defects.reports_per_category_month",
        "services.applications_per_service_month",
        "services.processing_times",
    } <= set(checked)
    assert not offenders
