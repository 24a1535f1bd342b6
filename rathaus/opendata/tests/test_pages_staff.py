"""The data stewards' dataset pages: access, the list with filters, creating and editing
(input kept on errors), publishing and withdrawing."""

import pytest
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory
from rathaus.core.audit.models import AuditEntry

from ..models import Dataset
from .conftest import sign_in_verified
from .factories import DatasetFactory, ResourceFactory


def dataset_data(unit, **changes) -> dict:
    data = {
        "title": "Kindertagesstätten",
        "name": "kitas",
        "notes": "Alle Kitas mit Plätzen und Trägern.",
        "organization": str(unit.pk),
        "themes": ["EDUC", "SOCI"],
        "keywords": "Kinder, Betreuung",
        "license_id": "dl-by-de/2.0",
        "contact_name": "Open-Data-Team",
        "contact_email": "opendata@weiterstadt.example",
        "temporal_start_0": "1",
        "temporal_start_1": "1",
        "temporal_start_2": "2025",
        "frequency": "ANNUAL",
        "spatial_ars": "064320024024",
        "version": "",
    }
    data.update(changes)
    return data


@pytest.fixture
def clerk_client(client, statistics_unit):
    clerk = StaffFactory()
    RoleAssignmentFactory(user=clerk, role=Role.CLERK, unit=statistics_unit)
    sign_in_verified(client, clerk)
    return client


def test_staff_without_the_steward_role_get_403(clerk_client, statistics_unit):
    dataset = DatasetFactory(organization=statistics_unit)
    for url in (
        reverse("opendata_staff:list"),
        reverse("opendata_staff:dataset_new"),
        reverse("opendata_staff:dataset", args=[dataset.name]),
        reverse("opendata_staff:automatic"),
    ):
        assert clerk_client.get(url).status_code == 403, url
    response = clerk_client.post(reverse("opendata_staff:withdraw", args=[dataset.name]))
    assert response.status_code == 403
    dataset.refresh_from_db()
    assert dataset.is_published
    assert AuditEntry.objects.filter(action=AuditEntry.Action.PERMISSION_DENIED).exists()


def test_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("opendata_staff:list"))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_the_staff_start_page_has_a_tile_for_stewards_only(steward_client, client):
    html = steward_client.get(reverse("staff:home")).content.decode()
    assert reverse("opendata_staff:list") in html


def test_the_list_shows_drafts_and_filters(steward_client, statistics_unit):
    DatasetFactory(name="veroeffentlicht", title="Veröffentlicht", organization=statistics_unit)
    DatasetFactory(name="entwurf", title="Entwurf", state=Dataset.State.DRAFT)
    url = reverse("opendata_staff:list")
    html = steward_client.get(url).content.decode()
    assert "/staff/daten/datensatz/veroeffentlicht/" in html
    assert "/staff/daten/datensatz/entwurf/" in html
    html = steward_client.get(url, {"state": "draft"}).content.decode()
    assert "/datensatz/entwurf/" in html and "/datensatz/veroeffentlicht/" not in html
    html = steward_client.get(url, {"unit": str(statistics_unit.pk)}).content.decode()
    assert "/datensatz/entwurf/" not in html and "/datensatz/veroeffentlicht/" in html


def test_creating_a_dataset(steward_client, statistics_unit, town):
    form = steward_client.get(reverse("opendata_staff:dataset_new")).content.decode()
    assert f'value="{town.ars}"' in form or not town.ars
    response = steward_client.post(
        reverse("opendata_staff:dataset_new"), dataset_data(statistics_unit)
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("opendata_staff:dataset", args=["kitas"])
    dataset = Dataset.objects.get(name="kitas")
    assert dataset.state == Dataset.State.DRAFT
    assert dataset.themes == ["EDUC", "SOCI"]
    assert sorted(tag.name for tag in dataset.tags.all()) == ["Betreuung", "Kinder"]
    assert str(dataset.temporal_start) == "2025-01-01"
    assert dataset.spatial_ars == "064320024024"
    page = steward_client.get(response["Location"]).content.decode()
    assert "Kindertagesstätten" in page and "Add a resource" in page


def test_errors_keep_what_was_entered(steward_client, statistics_unit):
    response = steward_client.post(
        reverse("opendata_staff:dataset_new"),
        dataset_data(
            statistics_unit,
            name="Kitas mit Leerzeichen",
            contact_email="keine-adresse",
            temporal_start_1="13",
        ),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_name"' in html and 'href="#id_contact_email"' in html
    assert "Enter a real date" in html
    assert 'value="Kindertagesstätten"' in html
    assert "Alle Kitas mit Plätzen und Trägern." in html
    assert 'value="Kinder, Betreuung"' in html
    assert 'value="EDUC" id="id_themes_' in html and "checked" in html
    assert not Dataset.objects.filter(title="Kindertagesstätten").exists()


def test_a_taken_name_is_an_error_on_the_field(steward_client, statistics_unit):
    DatasetFactory(name="kitas")
    response = steward_client.post(
        reverse("opendata_staff:dataset_new"), dataset_data(statistics_unit)
    )
    assert response.status_code == 400
    assert "Another dataset already has this short name." in response.content.decode()


def test_editing_a_dataset(steward_client, statistics_unit):
    dataset = DatasetFactory(name="kitas", title="Kitas", keywords=["Alt"])
    url = reverse("opendata_staff:dataset_edit", args=["kitas"])
    form = steward_client.get(url).content.decode()
    assert 'value="Kitas"' in form and 'value="Alt"' in form
    response = steward_client.post(
        url, dataset_data(statistics_unit, title="Kitas 2026", keywords="Neu")
    )
    assert response.status_code == 302
    dataset.refresh_from_db()
    assert dataset.title == "Kitas 2026"
    assert [tag.name for tag in dataset.tags.all()] == ["Neu"]


def test_publishing_needs_a_resource_then_works_and_can_be_withdrawn(
    steward_client, statistics_unit
):
    dataset = DatasetFactory(name="kitas", state=Dataset.State.DRAFT)
    publish = reverse("opendata_staff:publish", args=["kitas"])
    response = steward_client.post(publish, follow=True)
    assert "needs at least one resource" in response.content.decode()
    dataset.refresh_from_db()
    assert not dataset.is_published
    ResourceFactory(dataset=dataset)
    response = steward_client.post(publish, follow=True)
    assert "The dataset is published." in response.content.decode()
    dataset.refresh_from_db()
    assert dataset.is_published
    steward_client.post(reverse("opendata_staff:withdraw", args=["kitas"]))
    dataset.refresh_from_db()
    assert not dataset.is_published


def test_publish_only_by_post(steward_client):
    DatasetFactory(name="kitas", state=Dataset.State.DRAFT)
    response = steward_client.get(reverse("opendata_staff:publish", args=["kitas"]))
    assert response.status_code == 405


def test_automatic_datasets_are_listed_and_switched_on_and_off(steward_client, statistics_unit):
    from ..models import AutomaticDataset
    from ..services.automatic import publishers

    publisher = publishers()[0][0]
    url = reverse("opendata_staff:automatic")
    assert publisher.title in steward_client.get(url).content.decode()
    switch = reverse("opendata_staff:automatic_switch", args=[publisher.key])
    response = steward_client.post(switch, {"enable": "1"}, follow=True)
    assert "Choose the unit" in response.content.decode()  # refused without a unit
    data = {"enable": "1", "organization": str(statistics_unit.pk)}
    response = steward_client.post(switch, data, follow=True)
    assert "switched on" in response.content.decode()
    assert AutomaticDataset.objects.get(publisher_key=publisher.key).is_enabled
    refresh = reverse("opendata_staff:automatic_refresh", args=[publisher.key])
    response = steward_client.post(refresh)
    assert response.status_code == 302 and "/auftraege/" in response["Location"]  # the job page
    assert AutomaticDataset.objects.get(publisher_key=publisher.key).last_run_at is not None
    steward_client.post(switch, {"enable": "0"})
    assert not AutomaticDataset.objects.get(publisher_key=publisher.key).is_enabled
    unknown = reverse("opendata_staff:automatic_switch", args=["gibt-es-nicht"])
    assert steward_client.post(unknown, {"enable": "1"}).status_code == 404
