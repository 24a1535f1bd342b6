"""The e-file's start page: inbox count and first items, my units' open files, links."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from .conftest import sign_in_verified
from .factories import RecordFileFactory
from .factories_d import pending_steps

pytestmark = pytest.mark.django_db


def test_start_page_shows_inbox_and_my_units_open_files(clerk_client, clerk, units, plan_entry):
    building = units["building"]
    steps = pending_steps(count=12, user=clerk, plan_entry=plan_entry, file_unit=building)
    own = RecordFileFactory(
        unit=units["section"], plan_entry=plan_entry, title="Akte der Abteilung"
    )
    closed = RecordFileFactory(
        unit=building, plan_entry=plan_entry, title="Alte Akte", state="closed"
    )
    foreign = RecordFileFactory(unit=units["order"], plan_entry=plan_entry, title="Fremde Akte")

    response = clerk_client.get(reverse("records:home"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "12 steps wait for your decision." in content
    assert len(response.context["inbox_items"]) == 5
    assert steps[0].route.subject in content or steps[-1].route.subject in content
    assert reverse("records:inbox") in content
    files = list(response.context["unit_files"])
    assert own in files and closed not in files and foreign not in files
    assert len(files) == 10  # the latest ten of twelve from the steps and one own
    assert reverse("records:file_detail", args=[own.pk]) in content
    assert 'name="q"' in content
    assert reverse("records:plan") in content and reverse("records:file_list") in content


def test_disposal_link_only_for_archivists(clerk_client, client, archivist):
    try:
        disposal = reverse("records:disposal")
    except NoReverseMatch:
        pytest.skip("the disposal pages (helper E) are not installed yet")
    assert disposal not in clerk_client.get(reverse("records:home")).content.decode()
    sign_in_verified(client, archivist)
    response = client.get(reverse("records:home"))
    assert response.status_code == 200
    assert disposal in response.content.decode()


def test_start_page_with_nothing_to_do(clerk_client):
    content = clerk_client.get(reverse("records:home")).content.decode()
    assert "0 steps wait for your decision." in content
    assert "Your units have no open files." in content


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("records:home")).status_code == 200
    return len(queries)


def test_start_page_query_count_is_constant(clerk_client, clerk, units, plan_entry):
    pending_steps(count=1, user=clerk, plan_entry=plan_entry, file_unit=units["building"])
    few = _queries(clerk_client)
    pending_steps(count=20, user=clerk, plan_entry=plan_entry, file_unit=units["building"])
    pending_steps(count=10, unit=units["building"], plan_entry=plan_entry, file_unit=units["order"])
    assert _queries(clerk_client) == few
