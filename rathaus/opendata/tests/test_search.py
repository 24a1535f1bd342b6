"""Searching the catalogue: words, facets and filters, drafts never found."""

import pytest

from ..models import Dataset
from ..search import SearchError, parse_fq, parse_sort, search_datasets
from ..services.datasets import index_dataset
from .factories import DatasetFactory, ResourceFactory


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
    budget = DatasetFactory(
        name="haushalt-2026",
        title="Haushaltsplan 2026",
        notes="Erträge und Aufwendungen nach Produkten.",
        themes=["ECON", "GOVE"],
        keywords=["Finanzen"],
        license_id="dl-zero-de/2.0",
    )
    ResourceFactory(dataset=budget, format="PDF")
    draft = DatasetFactory(
        name="entwurf", title="Parkplätze, noch nicht geprüft", state=Dataset.State.DRAFT
    )
    for dataset in (parking, budget, draft):
        index_dataset(dataset)
    return {"parking": parking, "budget": budget, "draft": draft}


def names(result) -> list[str]:
    return [dataset.name for dataset in result.datasets]


def test_a_word_finds_published_datasets_only(catalogue):
    result = search_datasets(q="Parkplätze")
    assert names(result) == ["parkplaetze"]
    assert result.count == 1


def test_every_word_must_match(catalogue):
    assert names(search_datasets(q="Haushaltsplan Produkten")) == ["haushalt-2026"]
    assert names(search_datasets(q="Haushaltsplan Stellplätze")) == []


def test_facets_count_published_datasets(catalogue):
    result = search_datasets(facet_fields=["groups", "res_format", "license_id", "tags"])
    assert result.count == 2
    assert dict(result.facets["groups"]) == {"TRAN": 1, "ECON": 1, "GOVE": 1}
    assert dict(result.facets["res_format"]) == {"CSV": 1, "PDF": 1}
    assert dict(result.facets["tags"]) == {"Verkehr": 1, "Parken": 1, "Finanzen": 1}


def test_filters_narrow_the_matches_and_their_facets(catalogue):
    result = search_datasets(filters=parse_fq("tags:Verkehr"), facet_fields=["res_format"])
    assert names(result) == ["parkplaetze"]
    assert result.facets["res_format"] == [("CSV", 1)]
    quoted = parse_fq('license_id:"dl-zero-de/2.0" AND groups:ECON')
    assert names(search_datasets(filters=quoted)) == ["haushalt-2026"]


def test_sorting_and_paging(catalogue):
    result = search_datasets(sort="title_string desc", rows=1, start=0)
    assert names(result) == ["parkplaetze"]
    assert result.count == 2
    assert names(search_datasets(sort="title_string desc", rows=1, start=1)) == ["haushalt-2026"]


def test_unknown_filters_and_sorts_are_refused_with_a_reason():
    with pytest.raises(SearchError, match="notes"):
        parse_fq("notes:geheim")
    with pytest.raises(SearchError):
        parse_sort("password asc")
