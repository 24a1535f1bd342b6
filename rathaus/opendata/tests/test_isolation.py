"""Nothing of one town's catalogue reaches another town's host: no page, no API answer, no
catalogue document. Every page of the ``opendata``, ``opendata_staff`` and ``dcat`` namespaces
with an object of town A in its URL is requested on town B's host, by a visitor and by B's
staff holding every role; the answer refuses and shows nothing of A."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from rathaus.core.tenancy import for_town
from rathaus.core.tests.isolation import HOST_B, assert_refused, pages, staff_of_town_b

from ..models import Dataset
from .datastore_samples import upload_table
from .factories import DatasetFactory

MARK = "Lindenhof"
NAMESPACES = ("opendata:", "opendata_staff:", "dcat:")
# Publisher keys name the same registered publisher in every town; a page with one acts on
# the requesting town's own switch, so it is no way into town A.
INSTALLATION_WIDE_KEYS = {"key"}


@pytest.fixture
def town_a_catalogue(steward, statistics_unit):
    statistics_unit.name = f"Statistik {MARK}"
    statistics_unit.save()
    published = DatasetFactory(
        name="einwohner-lindenhof",
        title=f"Einwohner {MARK}",
        notes=f"Zahlen aus {MARK}.",
        organization=statistics_unit,
        keywords=[MARK],
    )
    resource = upload_table(
        steward, published, text=f"ort,anzahl\n{MARK},12\nNord,7\n", name=f"Tabelle {MARK}"
    )
    draft = DatasetFactory(
        name="entwurf-lindenhof", title=f"Entwurf {MARK}", state=Dataset.State.DRAFT
    )
    return {
        "name": published.name,
        "resource_id": resource.pk,
        "dataset_id": published.pk,
        "unit_id": statistics_unit.pk,
        "fmt": "ttl",
        "draft": draft,
    }


def object_pages(values) -> dict[str, dict]:
    return {
        name: {key: values[key] for key in keys}
        for name, keys in pages(NAMESPACES).items()
        if keys - {"fmt"} and not keys & INSTALLATION_WIDE_KEYS
    }


def test_no_page_of_town_b_leads_to_town_a_datasets(town_a_catalogue, other_town):
    found = object_pages(town_a_catalogue)
    assert {"opendata:dataset", "opendata_staff:resource", "dcat:dataset_uri"} <= found.keys()
    visitor = Client(HTTP_HOST=HOST_B)
    staff = staff_of_town_b(other_town)
    for name, kwargs in found.items():
        url = reverse(name, kwargs=kwargs)
        assert_refused(visitor, url, f"{name} (visitor)", MARK)
        assert_refused(staff, url, f"{name} (staff of B)", MARK)


def test_lists_and_catalogues_of_town_b_show_nothing_of_town_a(town_a_catalogue, other_town):
    staff = staff_of_town_b(other_town)
    for url in [
        reverse("opendata:catalogue") + "?q=Einwohner",  # the query is echoed
        reverse("opendata_staff:list"),
        reverse("dcat:catalog_document", kwargs={"fmt": "ttl"}),
        "/api/3/action/package_list",
        "/api/3/action/package_search?q=Einwohner",
        "/api/3/action/tag_list",
        "/api/3/action/organization_list?all_fields=true",
    ]:
        response = staff.get(url)
        assert response.status_code == 200, url
        assert MARK.encode() not in response.content, url


def test_the_ckan_api_of_town_b_does_not_know_town_a_ids(town_a_catalogue, other_town):
    client = Client(HTTP_HOST=HOST_B)
    resource_id = str(town_a_catalogue["resource_id"])
    for action, params in [
        ("package_show", {"id": town_a_catalogue["name"]}),
        ("package_show", {"id": str(town_a_catalogue["dataset_id"])}),
        ("resource_show", {"id": resource_id}),
        ("datastore_search", {"resource_id": resource_id}),
        ("organization_show", {"id": str(town_a_catalogue["unit_id"])}),
    ]:
        response = client.get(f"/api/3/action/{action}", params)
        assert response.status_code == 404, (action, response.content)
        assert json.loads(response.content)["error"]["__type"] == "Not Found Error"
        assert MARK.encode() not in response.content


def test_town_a_itself_sees_its_published_data(town_a_catalogue):
    """The check above can fail: on A's own host the same requests find the data."""
    response = Client().get("/api/3/action/package_show", {"id": town_a_catalogue["name"]})
    assert response.status_code == 200 and MARK.encode() in response.content
    with for_town(town_a_catalogue["draft"].town):
        assert Dataset.objects.filter(name=town_a_catalogue["name"]).exists()
