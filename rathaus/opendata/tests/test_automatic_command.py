"""``manage.py opendata_refresh``: every town's automatic datasets, one town with --host."""

from io import StringIO

import pytest
from django.core.management import call_command

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
)
from rathaus.core.registries import DatasetPublisher, open_data_registry
from rathaus.core.tenancy import for_town, scopes_disabled

from ..models import Dataset
from ..services import automatic

KEY = "test.town_name"


@pytest.fixture
def town_publisher():
    """Publishes the town's own name: each town's dataset shows whose figures it holds."""
    open_data_registry.add(
        DatasetPublisher(
            KEY,
            "Name der Stadt",
            lambda town: [{"town": town.name, "value": 3}],
            app_label="opendata",
        )
    )
    yield
    open_data_registry.remove(KEY)


def switch_on(town) -> None:
    with for_town(town):
        steward = StaffFactory()
        RoleAssignmentFactory(user=steward, role=Role.DATA_STEWARD, unit=None)
        unit = UnitFactory(email="daten@example.org")
        automatic.enable(actor=steward, publisher_key=KEY, organization=unit)


def published_names(town) -> list[str]:
    with for_town(town):
        return list(Dataset.objects.published().values_list("name", flat=True))


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    with scopes_disabled():
        call_command("opendata_refresh", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_refreshes_the_automatic_datasets_of_every_town(town_publisher, town, other_town):
    switch_on(town)
    switch_on(other_town)
    out, err = run()
    assert "Weiterstadt: 1 automatic dataset(s) refreshed." in out
    assert "Musterstadt: 1 automatic dataset(s) refreshed." in out
    assert err == ""
    for each in (town, other_town):
        with for_town(each):
            (resource,) = Dataset.objects.get(publisher_key=KEY).resources.all()
            assert resource.row_count == 1


def test_host_limits_the_run_to_one_town(town_publisher, town, other_town):
    switch_on(town)
    switch_on(other_town)
    out, _err = run("--host", "musterstadt.localhost")
    assert "Musterstadt" in out and "Weiterstadt" not in out
    assert published_names(other_town) == ["test-town-name"]
    assert published_names(town) == []


def test_failures_are_printed_and_do_not_stop_the_run(town):
    open_data_registry.add(DatasetPublisher(KEY, "Leer", lambda town: [], app_label="opendata"))
    try:
        switch_on(town)
        out, err = run()
    finally:
        open_data_registry.remove(KEY)
    assert "Weiterstadt: 0 automatic dataset(s) refreshed." in out
    assert f"{KEY}: There are no figures for this dataset yet" in err
