"""The public catalogue and dataset pages: search, facets that combine, sorting, paging,
drafts not found."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ..models import Dataset
from .factories import DatasetFactory, ResourceFactory

DATASET_LINK = re.compile(r'href="/daten/([a-z0-9_-]+)/"')


def names(response) -> list[str]:
    """The datasets listed as results, in order."""
    html = response.content.decode()
    results = html.split('class="rh-od-results"', 1)
    return DATASET_LINK.findall(results[1]) if len(results) > 1 else []


@pytest.fixture
def catalogue(statistics_unit):
    parking = DatasetFactory(
        name="parkplaetze",
        title="Parkplätze in der Innenstadt",
        notes="Lage und Zahl der öffentlichen Stellplätze.",
        themes=["TRAN"],
        keywords=["Verkehr", "Parken"],
        organization=statistics_unit,
    )
    ResourceFactory(dataset=parking, format="CSV")
    cycling = DatasetFactory(
        name="radwege",
        title="Radwege",
        themes=["TRAN", "ENVI"],
        keywords=["Verkehr"],
        license_id="dl-zero-de/2.0",
    )
    ResourceFactory(dataset=cycling, format="GEOJSON")
    budget = DatasetFactory(
        name="haushalt-2026",
        title="Haushaltsplan 2026",
        notes="Erträge und Aufwendungen nach Produkten.",
        themes=["ECON"],
        keywords=["Finanzen"],
        organization=statistics_unit,
    )
    ResourceFactory(dataset=budget, format="PDF")
    draft = DatasetFactory(
        name="entwurf", title="Parkplätze, noch geheim", state=Dataset.State.DRAFT
    )
    ResourceFactory(dataset=draft, format="CSV")
    for dataset in (parking, cycling, budget, draft):
        from ..services.datasets import index_dataset

        index_dataset(dataset)
    return {"parking": parking, "cycling": cycling, "budget": budget, "draft": draft}


def test_the_catalogue_lists_published_datasets_with_their_count(client, catalogue):
    response = client.get(reverse("opendata:catalogue"), {"sortierung": "titel"})
    assert response.status_code == 200
    assert names(response) == ["haushalt-2026", "parkplaetze", "radwege"]
    assert "3 datasets" in response.content.decode()
    assert "entwurf" not in response.content.decode()


def test_words_search_title_and_description(client, catalogue):
    response = client.get(reverse("opendata:catalogue"), {"q": "Stellplätze"})
    assert names(response) == ["parkplaetze"]
    assert "1 dataset" in response.content.decode()


def test_facets_show_counts_and_combine(client, catalogue, statistics_unit):
    url = reverse("opendata:catalogue")
    html = client.get(url).content.decode()
    # Every facet, with the number of datasets behind each value.
    assert re.search(r'name="thema" value="TRAN".*?\(2<span', html, re.S)
    assert re.search(r'name="schlagwort" value="Verkehr".*?\(2<span', html, re.S)
    assert "Statistik und Wahlen" in html  # the unit's name, not its slug
    assert "Transport" in html  # the theme's label, not its code
    # Filters of different facets must all hold.
    both = client.get(url, {"thema": "TRAN", "organisation": "statistik-und-wahlen"})
    assert names(both) == ["parkplaetze"]
    # Two values of one facet must both hold too (as CKAN's fq).
    assert names(client.get(url, {"thema": ["TRAN", "ENVI"]})) == ["radwege"]
    # Counts follow the filters.
    narrowed = client.get(url, {"schlagwort": "Verkehr"}).content.decode()
    assert re.search(r'name="format" value="CSV".*?\(1<span', narrowed, re.S)
    assert 'name="format" value="PDF"' not in narrowed
    # A chosen filter can be removed by a link that keeps the others.
    assert 'href="?thema=TRAN"' in both.content.decode()


def test_a_chosen_filter_stays_checked(client, catalogue):
    html = client.get(reverse("opendata:catalogue"), {"lizenz": "dl-zero-de/2.0"}).content.decode()
    assert re.search(r'name="lizenz" value="dl-zero-de/2.0" id="[^"]+" checked', html)


def test_sorting_and_paging(client, catalogue, statistics_unit):
    for number in range(25):
        DatasetFactory(name=f"zahlen-{number:02d}", title=f"Zahlen {number:02d}")
    url = reverse("opendata:catalogue")
    first = client.get(url, {"sortierung": "titel"})
    assert len(names(first)) == 20
    assert names(first)[0] == "haushalt-2026"
    assert "Showing 1 to 20 of 28" in first.content.decode()
    second = client.get(url, {"sortierung": "titel", "page": 2})
    assert names(second)[-1] == "zahlen-24"
    assert len(names(second)) == 8
    reverse_order = client.get(url, {"sortierung": "titel-absteigend"})
    assert names(reverse_order)[0] == "zahlen-24"
    beyond = client.get(url, {"sortierung": "titel", "page": 99})
    assert names(beyond) == names(second)


def test_the_catalogue_needs_the_same_queries_for_few_or_many_datasets(client, catalogue):
    url = reverse("opendata:catalogue")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"thema": "TRAN"})
    for number in range(30):
        dataset = DatasetFactory(themes=["TRAN"], keywords=[f"Wort {number}"])
        ResourceFactory(dataset=dataset)
    with CaptureQueriesContext(connection) as many:
        client.get(url, {"thema": "TRAN"})
    assert len(many) == len(few)


def test_nonsense_in_the_address_still_shows_a_page(client, catalogue):
    response = client.get(
        reverse("opendata:catalogue"), {"sortierung": "passwort", "page": "x", "thema": "NOPE"}
    )
    assert response.status_code == 200
    assert "0 datasets" in response.content.decode()


def test_the_dataset_page_shows_its_metadata_and_resources(client, catalogue):
    parking = catalogue["parking"]
    resource = parking.resources.get()
    html = client.get(reverse("opendata:dataset", args=["parkplaetze"])).content.decode()
    assert "Parkplätze in der Innenstadt" in html
    assert "Data licence Germany – attribution – version 2.0" in html
    assert "https://www.govdata.de/dl-de/by-2-0" in html
    assert "opendata@weiterstadt.example" in html
    assert "Statistik und Wahlen" in html
    assert "annually" in html
    assert reverse("opendata:download", args=["parkplaetze", resource.pk]) in html
    assert reverse("opendata:resource", args=["parkplaetze", resource.pk]) in html
    assert "/daten/parkplaetze.ttl" in html
    assert "/api/3/action/package_show?id=parkplaetze" in html
    assert "?schlagwort=Verkehr" in html


def test_drafts_are_not_found_by_the_public(client, catalogue):
    draft = catalogue["draft"]
    resource = draft.resources.get()
    assert client.get(reverse("opendata:dataset", args=["entwurf"])).status_code == 404
    for name in ("resource", "download"):
        url = reverse(f"opendata:{name}", args=["entwurf", resource.pk])
        assert client.get(url).status_code == 404


def test_a_steward_sees_a_draft_marked_as_such(steward_client, catalogue):
    html = steward_client.get(reverse("opendata:dataset", args=["entwurf"])).content.decode()
    assert "This dataset is not published." in html


def test_a_linked_resource_downloads_by_redirect(client, catalogue):
    resource = catalogue["parking"].resources.get()
    response = client.get(reverse("opendata:download", args=["parkplaetze", resource.pk]))
    assert response.status_code == 302 and response["Location"] == resource.url


def test_a_resource_of_another_dataset_is_not_found(client, catalogue):
    resource = catalogue["budget"].resources.get()
    url = reverse("opendata:resource", args=["parkplaetze", resource.pk])
    assert client.get(url).status_code == 404
