"""The demo town's open-data catalogue: a dozen datasets of several units, their tables
queryable, one draft, the automatic datasets switched on; loading twice changes nothing."""

from io import StringIO

from django.core.management import call_command

from rathaus.core.accounts.models import RoleAssignment, User, email_lookup_for
from rathaus.core.accounts.roles import Role
from rathaus.core.models import Town
from rathaus.core.registries import open_data_registry
from rathaus.core.tenancy import for_town

from ..datastore.query import search
from ..demo import DATASETS, STEWARD
from ..models import AutomaticDataset, Dataset, Resource


def load_demo() -> Town:
    call_command("load_demo", stdout=StringIO())
    return Town.objects.for_host("127.0.0.1")


def test_demo_town_publishes_a_dozen_datasets_and_the_automatic_ones():
    town = load_demo()
    with for_town(town):
        steward = User.objects.get(email_lookup=email_lookup_for(STEWARD))
        assert RoleAssignment.objects.filter(user=steward, role=Role.DATA_STEWARD).exists()

        demo = Dataset.objects.filter(name__in=[spec.name for spec in DATASETS])
        assert demo.count() == len(DATASETS) >= 12
        assert set(demo.exclude(state=Dataset.State.PUBLISHED).values_list("name", flat=True)) == {
            "strassenbaeume"
        }
        assert demo.values("organization").distinct().count() >= 6
        assert all("Demo-Daten" in notes for notes in demo.values_list("notes", flat=True))

        tables = Resource.objects.filter(dataset__in=demo, format="CSV")
        assert tables.count() == len(DATASETS)
        assert all(resource.row_count > 0 for resource in tables)
        links = Resource.objects.filter(dataset__in=demo).exclude(url="")
        assert {link.format for link in links} == {"PDF", "HTML"}

        population = tables.get(dataset__name="einwohner-ortsteile-altersgruppen")
        riedbahn = search(population, filters={"ortsteil": "Riedbahn"}, sort="altersgruppe")
        assert riedbahn.total == 7
        assert all(
            row["weiblich"] + row["maennlich"] == row["einwohner_insgesamt"]
            for row in riedbahn.records
        )

        switched = AutomaticDataset.objects.filter(is_enabled=True)
        assert set(switched.values_list("publisher_key", flat=True)) == {
            publisher.key for publisher in open_data_registry.all()
        }
        defects = switched.get(publisher_key="defects.reports_per_category_month")
        assert defects.dataset.is_published and defects.last_error == ""
        assert defects.dataset.resources.get().version_date is not None
        counts = (Dataset.objects.count(), Resource.objects.count())

    load_demo()
    with for_town(town):
        assert (Dataset.objects.count(), Resource.objects.count()) == counts
