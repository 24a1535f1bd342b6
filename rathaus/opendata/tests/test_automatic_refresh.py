"""Automatic datasets: a steward switches a publisher on, each refresh publishes a dated
CSV version loaded into the datastore, and rows that are not flat aggregates are refused."""

import datetime

import pytest
import time_machine

from rathaus.core.accounts.tests.factories import StaffFactory, UnitFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.registries import DatasetPublisher, open_data_registry
from rathaus.core.uploads.services import open_stored

from ..datastore.query import search
from ..exceptions import NotAllowed
from ..models import AutomaticDataset, Dataset
from ..services import automatic

KEY = "test.reports_per_month"
NOV_29 = datetime.datetime(2026, 11, 29, 9, tzinfo=datetime.UTC)
NOV_30 = datetime.datetime(2026, 11, 30, 9, tzinfo=datetime.UTC)


@pytest.fixture
def figures():
    """A publisher registered for the test; it publishes whatever the list holds."""
    rows = [
        {"month": "2026-09", "category": "Straßenbeleuchtung", "reports": 7},
        {"month": "2026-10", "category": "Straßenbeleuchtung", "reports": 12},
    ]
    open_data_registry.add(
        DatasetPublisher(
            KEY,
            "Testmeldungen je Monat",
            lambda town: [dict(row) for row in rows],
            "Reports per month (test).",
            app_label="opendata",
            keywords=("Test", "Meldungen"),
        )
    )
    yield rows
    open_data_registry.remove(KEY)


@pytest.fixture
def switched_on(figures, steward, statistics_unit):
    statistics_unit.email = "statistik@weiterstadt.example"
    statistics_unit.save()
    return automatic.enable(actor=steward, publisher_key=KEY, organization=statistics_unit)


def csv_text(resource) -> str:
    with open_stored(resource.file) as handle:
        return handle.read().decode("utf-8")


def test_publishers_lists_every_registered_publisher_with_the_towns_switch(
    figures, steward, statistics_unit
):
    listed = {publisher.key: row for publisher, row in automatic.publishers()}
    assert {KEY, "defects.reports_per_category_month", "services.processing_times"} <= set(listed)
    assert listed[KEY] is None
    automatic.enable(actor=steward, publisher_key=KEY, organization=statistics_unit)
    listed = {publisher.key: row for publisher, row in automatic.publishers()}
    assert listed[KEY].is_enabled and listed[KEY].organization == statistics_unit


def test_only_data_stewards_switch_publishers(figures, statistics_unit):
    clerk = StaffFactory()
    with pytest.raises(NotAllowed):
        automatic.enable(actor=clerk, publisher_key=KEY, organization=statistics_unit)
    assert not AutomaticDataset.objects.exists()


def test_switching_on_needs_a_publishing_unit_and_a_known_publisher(figures, steward):
    with pytest.raises(automatic.UnitRequired):
        automatic.enable(actor=steward, publisher_key=KEY)
    with pytest.raises(automatic.UnknownPublisher):
        automatic.enable(actor=steward, publisher_key="test.nothing", organization=UnitFactory())


def test_switching_on_is_audited(switched_on, steward):
    entry = AuditEntry.objects.filter(object_type__contains="automaticdataset").get()
    assert entry.actor_id == str(steward.pk)
    assert entry.changes["is_enabled"] == [False, True]


@time_machine.travel(NOV_29)
def test_first_refresh_publishes_a_dataset_of_the_chosen_unit(switched_on, statistics_unit):
    resource = automatic.refresh(switched_on)

    dataset = Dataset.objects.get(publisher_key=KEY)
    assert dataset.is_published
    assert dataset.title == "Testmeldungen je Monat"
    assert dataset.notes.startswith("Reports per month (test).")
    assert dataset.organization == statistics_unit
    assert (dataset.license_id, dataset.frequency) == ("dl-zero-de/2.0", "MONTHLY")
    assert dataset.contact_email == "statistik@weiterstadt.example"
    assert sorted(dataset.tags.values_list("name", flat=True)) == ["Meldungen", "Test"]
    assert (dataset.temporal_start, dataset.temporal_end) == (
        datetime.date(2026, 9, 1),
        datetime.date(2026, 10, 31),
    )
    assert resource.name == "Testmeldungen je Monat (Stand 2026-11-29)"
    assert (resource.format, resource.version_date) == ("CSV", datetime.date(2026, 11, 29))
    assert csv_text(resource) == (
        "month,category,reports\r\n"
        "2026-09,Straßenbeleuchtung,7\r\n"
        "2026-10,Straßenbeleuchtung,12\r\n"
    )
    assert resource.schema["fields"] == [
        {"name": "month", "type": "string"},
        {"name": "category", "type": "string"},
        {"name": "reports", "type": "integer"},
    ]
    table = search(resource, sort="reports desc")
    assert [record["reports"] for record in table.records] == [12, 7]
    switched_on.refresh_from_db()
    assert switched_on.dataset == dataset and switched_on.last_error == ""


def test_each_day_adds_a_version_newest_first_and_the_same_day_replaces_it(switched_on, figures):
    with time_machine.travel(NOV_29):
        automatic.refresh(switched_on)
    figures.append({"month": "2026-11", "category": "Straßenbeleuchtung", "reports": 4})
    with time_machine.travel(NOV_30):
        automatic.refresh(switched_on)
    figures[-1]["reports"] = 5
    with time_machine.travel(NOV_30 + datetime.timedelta(hours=3)):
        newest = automatic.refresh(switched_on)

    dataset = Dataset.objects.get(publisher_key=KEY)
    versions = list(dataset.resources.all())
    assert [resource.version_date.day for resource in versions] == [30, 29]
    assert versions[0] == newest
    assert csv_text(newest).endswith("2026-11,Straßenbeleuchtung,5\r\n")
    assert search(newest).total == 3
    assert search(versions[1]).total == 2


@time_machine.travel(NOV_29)
def test_unchanged_figures_add_no_version(switched_on):
    first = automatic.refresh(switched_on)
    with time_machine.travel(NOV_30):
        again = automatic.refresh(switched_on)
    assert again == first
    assert Dataset.objects.get(publisher_key=KEY).resources.count() == 1


@pytest.mark.parametrize(
    ("rows", "reason"),
    [
        ([{"month": "2026-10", "reports": [1, 2]}], "is not a single value"),
        (
            [{"month": "2026-10", "reported_at": datetime.datetime(2026, 10, 3, 12)}],
            "is not a single value",
        ),
        ([{"category": "Licht", "vorname": "Erika", "reports": 3}], "would hold personal data"),
        ([{"category": "Licht", "contact": "erika@example.org"}], "contains an e-mail address"),
        ([{"month": "2026-10", "reports": 3}, {"month": "2026-11"}], "other columns"),
    ],
)
def test_rows_that_are_not_flat_aggregates_are_refused(switched_on, figures, rows, reason):
    figures[:] = rows
    with pytest.raises(automatic.NotAggregates, match=reason):
        automatic.refresh(switched_on)
    assert not Dataset.objects.exists()

    assert automatic.run_refresh(switched_on) is None
    switched_on.refresh_from_db()
    assert switched_on.last_run_at is not None
    assert reason in switched_on.last_error


def test_suppressed_counts_keep_the_column_numeric_and_formulas_stay_text(switched_on, figures):
    figures[:] = [
        {"month": "2026-10", "category": '=HYPERLINK("x")', "reports": "<3", "days": ""},
        {"month": "2026-11", "category": "Graffiti", "reports": 4, "days": 2.5},
    ]
    resource = automatic.refresh(switched_on)

    types = {field["name"]: field["type"] for field in resource.schema["fields"]}
    assert types == {
        "month": "string",
        "category": "string",
        "reports": "integer",
        "days": "number",
    }
    assert resource.schema["missingValues"] == ["", "<3"]
    assert csv_text(resource).splitlines()[1] == '2026-10,"\'=HYPERLINK(""x"")",<3,'
    assert "„<3“" in resource.description
    records = search(resource, sort="month").records
    assert [(record["category"], record["reports"], record["days"]) for record in records] == [
        ('=HYPERLINK("x")', None, None),
        ("Graffiti", 4, 2.5),
    ]


def test_a_column_of_text_stays_text(switched_on, figures):
    figures[:] = [
        {"month": "2026-10", "category": "Graffiti", "reports": "<3"},
        {"month": "2026-11", "category": "Graffiti", "reports": "viele"},
    ]
    resource = automatic.refresh(switched_on)
    assert resource.schema["fields"][2] == {"name": "reports", "type": "string"}
    assert resource.schema["missingValues"] == [""]
    assert [record["reports"] for record in search(resource, sort="month").records] == [
        "<3",
        "viele",
    ]


def test_no_rows_publish_nothing(switched_on, figures):
    figures.clear()
    with pytest.raises(automatic.NothingToPublish):
        automatic.refresh(switched_on)


def test_refresh_all_keeps_going_after_a_failing_publisher(switched_on, steward, town):
    def broken(town):
        raise RuntimeError("database gone")

    open_data_registry.add(DatasetPublisher("test.broken", "Kaputt", broken, app_label="opendata"))
    try:
        failing = automatic.enable(
            actor=steward, publisher_key="test.broken", organization=switched_on.organization
        )
        assert automatic.refresh_all(town) == 1
    finally:
        open_data_registry.remove("test.broken")
    failing.refresh_from_db()
    assert failing.last_error and failing.last_run_at and failing.dataset is None
    assert "database gone" not in failing.last_error  # the details go to the log
    assert Dataset.objects.get(publisher_key=KEY).is_published


def test_switching_off_withdraws_the_dataset_and_keeps_its_versions(switched_on, steward):
    automatic.refresh(switched_on)
    automatic.disable(actor=steward, publisher_key=KEY)
    dataset = Dataset.objects.get(publisher_key=KEY)
    assert not dataset.is_published and dataset.resources.count() == 1
    switched_on.refresh_from_db()
    with pytest.raises(automatic.NotEnabled):
        automatic.refresh(switched_on)
    assert automatic.refresh_all(switched_on.town) == 0

    automatic.enable(actor=steward, publisher_key=KEY)
    dataset.refresh_from_db()
    assert dataset.is_published


def test_refresh_now_runs_as_a_job_for_the_steward(switched_on, steward):
    job = automatic.start_refresh(actor=steward, publisher_key=KEY)
    job.refresh_from_db()
    dataset = Dataset.objects.get(publisher_key=KEY)
    assert job.state == job.State.SUCCEEDED
    assert job.result_url == dataset.get_absolute_url()
    with pytest.raises(NotAllowed):
        automatic.start_refresh(actor=StaffFactory(), publisher_key=KEY)


@time_machine.travel(NOV_29)
def test_figures_of_another_app_appear_after_the_refresh_job(steward, statistics_unit, client):
    from rathaus.services.tests.factories import ApplicationFactory, ServiceFactory

    parking = ServiceFactory(name="Bewohnerparkausweis")
    for day in (3, 9, 17):
        when = datetime.datetime(2026, 11, day, 10, tzinfo=datetime.UTC)
        ApplicationFactory(service=parking, state="submitted", submitted_at=when, received_at=when)
    statistics_unit.email = "statistik@weiterstadt.example"
    statistics_unit.save()
    key = "services.applications_per_service_month"
    automatic.enable(actor=steward, publisher_key=key, organization=statistics_unit)
    address = "/daten/services-applications-per-service-month/"
    assert client.get(address).status_code == 404

    automatic.start_refresh(actor=steward, publisher_key=key)

    page = client.get(address)
    assert page.status_code == 200
    assert "Online-Dienste: Anträge je Leistung und Monat" in page.content.decode()
    (resource,) = Dataset.objects.get(publisher_key=key).resources.all()
    (record,) = search(resource).records
    assert (record["month"], record["service"], record["online"]) == (
        "2026-11",
        "Bewohnerparkausweis",
        3,
    )
