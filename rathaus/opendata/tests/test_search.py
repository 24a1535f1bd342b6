"""Searching the catalogue: words, facets and filters, drafts never found."""

import pytest

from ..models import Dataset
from ..search import SearchError, facet_counts, parse_fq, parse_sort, search_datasets
from ..services.datasets import index_dataset, publish_dataset, update_dataset, withdraw_dataset
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


def counted_facets(fields=("organization", "groups", "res_format", "license_id", "tags")):
    """The facets of all published datasets, counted from their facet rows."""
    every_published = Dataset.objects.published().values("pk")
    return facet_counts(every_published, fields, limit=-1)


def test_the_kept_counts_follow_every_change_of_the_catalogue(catalogue, steward):
    fields = ("organization", "groups", "res_format", "license_id", "tags")
    assert facet_counts(None, fields, limit=-1) == counted_facets()

    ResourceFactory(dataset=catalogue["draft"], format="XLSX")
    publish_dataset(actor=steward, dataset=catalogue["draft"])
    update_dataset(actor=steward, dataset=catalogue["parking"], keywords=["Parken", "Radwege"])
    ResourceFactory(dataset=catalogue["budget"], format="CSV")
    index_dataset(catalogue["budget"])
    withdraw_dataset(actor=steward, dataset=catalogue["parking"])
    kept = facet_counts(None, fields, limit=-1)
    assert kept == counted_facets()
    assert dict(kept["res_format"]) == {"CSV": 1, "PDF": 1, "XLSX": 1}
    assert "Verkehr" not in dict(kept["tags"])

    catalogue["budget"].delete()  # the facet rows go by cascade, the counts with them
    assert facet_counts(None, fields, limit=-1) == counted_facets()
    assert dict(facet_counts(None, ["res_format"])["res_format"]) == {"XLSX": 1}


def test_a_facet_filter_alone_counts_and_pages_like_the_full_query(catalogue):
    ResourceFactory(dataset=catalogue["budget"], format="CSV")
    index_dataset(catalogue["budget"])
    result = search_datasets(
        filters=parse_fq("res_format:CSV groups:ECON"), facet_fields=["res_format"]
    )
    assert names(result) == ["haushalt-2026"]
    assert result.count == 1
    assert dict(result.facets["res_format"]) == {"CSV": 1, "PDF": 1}
    assert search_datasets(filters=parse_fq("res_format:CSV tags:Nichts")).count == 0


def test_a_page_past_the_end_is_empty_and_still_counts_the_matches(catalogue):
    assert search_datasets(q="Parkplätze", rows=5).count == 1
    past_the_end = search_datasets(q="Parkplätze", rows=5, start=5)
    assert past_the_end.datasets == []
    assert past_the_end.count == 1
    assert search_datasets(q="Parkplätze", rows=0).count == 1


def test_the_count_of_a_filtered_search_is_right_with_and_without_its_facet(catalogue):
    with_facet = search_datasets(filters=parse_fq("groups:GOVE"), facet_fields=["groups"])
    without = search_datasets(filters=parse_fq("groups:GOVE"), facet_fields=["tags"])
    assert with_facet.count == without.count == 1
    assert search_datasets(filters=parse_fq("groups:NOPE"), facet_fields=["groups"]).count == 0
    mincount = search_datasets(
        filters=parse_fq("groups:GOVE"), facet_fields=["groups"], facet_mincount=2
    )
    assert mincount.count == 1
    assert mincount.facets["groups"] == []
