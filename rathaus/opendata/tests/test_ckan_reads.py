"""CKAN Action API, reading actions: CKAN's envelope and field names, its errors and
status codes, drafts only for data stewards, and each town only its own datasets."""

import datetime
import json

import pytest

from rathaus.core.accounts.api_tokens import create_token
from rathaus.core.accounts.tests.factories import StaffFactory, UnitFactory
from rathaus.core.tenancy import for_town

from ..models import Dataset
from .factories import DatasetFactory, ResourceFactory

API = "/api/3/action/"


@pytest.fixture
def token(steward):
    return create_token(actor=steward, name="CKAN-Werkzeug")[1]


@pytest.fixture
def catalogue(statistics_unit):
    parking = DatasetFactory(
        name="parkplaetze",
        title="Parkplätze in der Innenstadt",
        notes="Lage und Zahl der öffentlichen Stellplätze.",
        themes=["TRAN"],
        keywords=["Verkehr", "Parken"],
        organization=statistics_unit,
        version="2.1",
        temporal_start=datetime.date(2020, 1, 1),
        temporal_end=datetime.date(2025, 12, 31),
        spatial_ars="064320023023",
        frequency="MONTHLY",
    )
    linked = ResourceFactory(
        dataset=parking,
        name="Stellplätze",
        format="CSV",
        url="https://weiterstadt.example/parken.csv",
    )
    budget = DatasetFactory(
        name="haushalt-2026",
        title="Haushaltsplan 2026",
        themes=["ECON", "GOVE"],
        keywords=["Finanzen"],
        license_id="dl-zero-de/2.0",
        organization=UnitFactory(name="Kämmerei", code="20"),
    )
    ResourceFactory(dataset=budget, format="PDF")
    draft = DatasetFactory(
        name="entwurf",
        title="Parkplätze, noch nicht geprüft",
        keywords=["Geheimsache"],
        state=Dataset.State.DRAFT,
        organization=statistics_unit,
    )
    draft_resource = ResourceFactory(dataset=draft, format="PDF")
    for dataset in (parking, budget, draft):  # facets follow the resources' formats
        from ..services.datasets import index_dataset

        index_dataset(dataset)
    return {
        "parking": parking,
        "linked": linked,
        "budget": budget,
        "draft": draft,
        "draft_resource": draft_resource,
    }


def get(client, action, token=None, prefix=API, **params):
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    return client.get(prefix + action, params, **headers)


def post(client, action, data, token=None, prefix=API):
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    return client.post(prefix + action, json.dumps(data), "application/json", **headers)


def result_of(response, status=200):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is True
    return body["result"]


def error_of(response, status, error_type):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is False
    assert "result" not in body
    assert body["error"]["__type"] == error_type
    return body["error"]


# -- the envelope ---------------------------------------------------------------------------


def test_the_envelope_has_help_success_and_result(client, catalogue):
    response = get(client, "package_list")
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body == {
        "help": "http://testserver/api/3/action/help_show?name=package_list",
        "success": True,
        "result": ["haushalt-2026", "parkplaetze"],
    }


def test_the_older_prefix_answers_the_same_with_the_same_help(client, catalogue):
    body = get(client, "package_list", prefix="/api/action/").json()
    assert body["result"] == ["haushalt-2026", "parkplaetze"]
    assert body["help"] == "http://testserver/api/3/action/help_show?name=package_list"


def test_post_with_a_json_body_and_with_form_fields(client, catalogue):
    assert result_of(post(client, "package_show", {"id": "parkplaetze"}))["name"] == "parkplaetze"
    form = client.post(API + "package_show", {"id": "haushalt-2026"})
    assert result_of(form)["name"] == "haushalt-2026"


def test_reads_allow_any_origin(client, catalogue):
    assert get(client, "package_list")["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(API + "package_search")
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight["Access-Control-Allow-Methods"]


def test_posts_need_no_csrf_token(catalogue):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(API + "package_list", "{}", "application/json")
    assert result_of(response) == ["haushalt-2026", "parkplaetze"]


# -- errors ---------------------------------------------------------------------------------


def test_an_unknown_action_is_a_bad_request_as_ckan_sends_it(client):
    response = get(client, "package_shw")
    assert response.status_code == 400
    assert response.json() == "Bad request - Action name not known: package_shw"


def test_malformed_json_is_a_bad_request(client):
    response = client.post(API + "package_show", "{id: parkplaetze", "application/json")
    assert response.status_code == 400
    assert response.json().startswith("Bad request - JSON Error: Error decoding JSON data.")
    listed = client.post(API + "package_show", "[1, 2]", "application/json")
    assert listed.status_code == 400
    assert "it needs to be a dictionary" in listed.json()


def test_a_write_action_refuses_get(client, token):
    response = get(client, "package_create", token=token, name="x")
    assert response.status_code == 400
    assert "Please use POST method" in response.json()


def test_not_found_is_404_with_ckans_type(client, catalogue):
    error = error_of(get(client, "package_show", id="gibt-es-nicht"), 404, "Not Found Error")
    assert error["message"].startswith("Not found")
    error_of(get(client, "resource_show", id="not-a-uuid"), 404, "Not Found Error")
    error_of(get(client, "organization_show", id="nirgendwo"), 404, "Not Found Error")
    error_of(get(client, "group_show", id="xyz"), 404, "Not Found Error")
    error_of(get(client, "help_show", name="package_shw"), 404, "Not Found Error")


def test_a_missing_parameter_is_a_validation_error(client):
    error = error_of(get(client, "package_show"), 409, "Validation Error")
    assert error["id"] == ["Missing value"]


def test_bad_numbers_are_validation_errors(client, catalogue):
    error = error_of(
        get(client, "package_search", rows="viele", start="-1"), 409, "Validation Error"
    )
    assert error["rows"] == ["Invalid integer"]
    assert error["start"] == ["Must be a natural number"]
    error = error_of(
        get(client, "package_search", **{"facet.field": "tags"}), 409, "Validation Error"
    )
    assert error["facet.field"] == ["Could not parse as valid JSON"]


def test_an_unsupported_filter_is_a_search_query_error(client, catalogue):
    error = error_of(get(client, "package_search", fq="notes:geheim"), 400, "Search Query Error")
    assert error["message"].startswith("Search Query is invalid: ")
    assert "notes:geheim" in error["message"]
    error_of(get(client, "package_search", sort="beliebt desc"), 400, "Search Query Error")


def test_other_methods_are_not_allowed(client):
    assert client.put(API + "package_list").status_code == 405


# -- packages -------------------------------------------------------------------------------


def test_package_show_has_ckans_fields(client, catalogue, statistics_unit):
    parking, linked = catalogue["parking"], catalogue["linked"]
    package = result_of(get(client, "package_show", id="parkplaetze"))
    assert package["id"] == str(parking.pk)
    assert result_of(get(client, "package_show", id=str(parking.pk)))["name"] == "parkplaetze"
    assert {
        key: package[key]
        for key in (
            "name",
            "title",
            "notes",
            "type",
            "state",
            "private",
            "license_id",
            "license_url",
            "isopen",
            "version",
            "maintainer",
            "maintainer_email",
            "author",
            "author_email",
            "owner_org",
            "num_resources",
            "num_tags",
            "url",
        )
    } == {
        "name": "parkplaetze",
        "title": "Parkplätze in der Innenstadt",
        "notes": "Lage und Zahl der öffentlichen Stellplätze.",
        "type": "dataset",
        "state": "active",
        "private": False,
        "license_id": "dl-by-de/2.0",
        "license_url": "https://www.govdata.de/dl-de/by-2-0",
        "isopen": True,
        "version": "2.1",
        "maintainer": "Open-Data-Team",
        "maintainer_email": "opendata@weiterstadt.example",
        "author": "Open-Data-Team",
        "author_email": "opendata@weiterstadt.example",
        "owner_org": str(statistics_unit.pk),
        "num_resources": 1,
        "num_tags": 2,
        "url": "http://testserver/daten/parkplaetze/",
    }
    assert package["license_title"].startswith("Data licence Germany")
    assert datetime.datetime.fromisoformat(package["metadata_created"]).tzinfo is None
    assert package["metadata_modified"]
    assert package["organization"]["name"] == "statistik-und-wahlen"
    assert package["organization"]["title"] == "Statistik und Wahlen"
    assert package["organization"]["is_organization"] is True
    assert [group["name"] for group in package["groups"]] == ["tran"]
    assert package["groups"][0]["display_name"] == "Transport"
    assert package["tags"] == [
        {
            "id": package["tags"][0]["id"],
            "name": "Parken",
            "display_name": "Parken",
            "state": "active",
            "vocabulary_id": None,
        },
        {
            "id": package["tags"][1]["id"],
            "name": "Verkehr",
            "display_name": "Verkehr",
            "state": "active",
            "vocabulary_id": None,
        },
    ]
    extras = {extra["key"]: extra["value"] for extra in package["extras"]}
    assert extras == {
        "frequency": "http://publications.europa.eu/resource/authority/frequency/MONTHLY",
        "temporal_start": "2020-01-01",
        "temporal_end": "2025-12-31",
        "spatial_uri": "http://dcat-ap.de/def/politicalGeocoding/regionalKey/064320023023",
        "politicalGeocodingURI": (
            "http://dcat-ap.de/def/politicalGeocoding/regionalKey/064320023023"
        ),
    }
    (resource,) = package["resources"]
    assert resource["id"] == str(linked.pk)
    assert resource["package_id"] == str(parking.pk)
    assert resource["url"] == "https://weiterstadt.example/parken.csv"
    assert resource["url_type"] is None
    assert resource["format"] == "CSV"
    assert resource["mimetype"] == "text/csv"
    assert resource["datastore_active"] is False
    assert resource["state"] == "active"
    assert {"name", "description", "size", "created", "last_modified", "position"} <= set(resource)


def test_an_uploaded_file_has_its_absolute_download_address(client, catalogue):
    from rathaus.core.uploads.models import StoredFile

    stored = StoredFile.objects.create(
        storage_name="x/plan.pdf",
        original_name="plan.pdf",
        content_type="application/pdf",
        extension="pdf",
        size=1234,
        sha256="0" * 64,
    )
    upload = ResourceFactory(dataset=catalogue["budget"], url="", file=stored, size=1234)
    resource = result_of(get(client, "resource_show", id=str(upload.pk)))
    assert resource["url_type"] == "upload"
    assert resource["url"] == f"http://testserver/daten/haushalt-2026/{upload.pk}/download/"
    assert resource["size"] == 1234


def test_package_list_pages_by_limit_and_offset(client, catalogue):
    assert result_of(get(client, "package_list", limit=1)) == ["haushalt-2026"]
    assert result_of(get(client, "package_list", limit=1, offset=1)) == ["parkplaetze"]
    assert result_of(get(client, "package_list", offset=5)) == []


# -- drafts and towns -----------------------------------------------------------------------


def test_drafts_are_hidden_from_anonymous_callers(client, catalogue):
    draft = catalogue["draft"]
    assert "entwurf" not in result_of(get(client, "package_list", include_drafts="true"))
    error_of(get(client, "package_show", id="entwurf"), 404, "Not Found Error")
    error_of(get(client, "package_show", id=str(draft.pk)), 404, "Not Found Error")
    resource_id = str(catalogue["draft_resource"].pk)
    error_of(get(client, "resource_show", id=resource_id), 404, "Not Found Error")
    found = result_of(get(client, "package_search", q="Parkplätze"))
    assert [package["name"] for package in found["results"]] == ["parkplaetze"]
    assert "Geheimsache" not in result_of(get(client, "tag_list"))


def test_a_stewards_token_shows_drafts(client, catalogue, token):
    for header in ("HTTP_AUTHORIZATION", "HTTP_X_CKAN_API_KEY"):
        response = client.get(API + "package_show", {"id": "entwurf"}, **{header: token})
        assert result_of(response)["state"] == "draft"
    bearer = client.get(
        API + "package_show", {"id": "entwurf"}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert result_of(bearer)["name"] == "entwurf"
    listed = result_of(get(client, "package_list", token=token, include_drafts="true"))
    assert listed == ["entwurf", "haushalt-2026", "parkplaetze"]
    resource_id = str(catalogue["draft_resource"].pk)
    assert result_of(get(client, "resource_show", id=resource_id, token=token))["id"] == resource_id


def test_a_token_of_staff_who_are_not_stewards_shows_no_drafts(client, catalogue):
    clerk_token = create_token(actor=StaffFactory(), name="Skript")[1]
    error_of(get(client, "package_show", id="entwurf", token=clerk_token), 404, "Not Found Error")


def test_a_town_never_sees_another_towns_datasets(client, catalogue, other_town):
    with for_town(other_town):
        theirs = DatasetFactory(name="musterdaten", title="Musterdaten", keywords=["Muster"])
        ResourceFactory(dataset=theirs)
    assert "musterdaten" not in result_of(get(client, "package_list"))
    error_of(get(client, "package_show", id="musterdaten"), 404, "Not Found Error")
    error_of(get(client, "package_show", id=str(theirs.pk)), 404, "Not Found Error")
    assert result_of(get(client, "package_search", q="Musterdaten"))["count"] == 0
    assert "Muster" not in result_of(get(client, "tag_list"))
    there = client.get(API + "package_list", HTTP_HOST="musterstadt.localhost")
    assert result_of(there) == ["musterdaten"]
    there = client.get(
        API + "package_show", {"id": "parkplaetze"}, HTTP_HOST="musterstadt.localhost"
    )
    error_of(there, 404, "Not Found Error")


# -- search ---------------------------------------------------------------------------------


def test_package_search_answers_with_count_results_and_facets(client, catalogue):
    found = result_of(
        get(
            client,
            "package_search",
            q="Parkplätze",
            **{"facet.field": '["organization", "groups", "tags", "license_id"]'},
        )
    )
    assert found["count"] == 1
    assert found["sort"] == "score desc, metadata_modified desc"
    assert found["results"][0]["name"] == "parkplaetze"
    assert found["results"][0]["resources"][0]["format"] == "CSV"
    assert found["facets"]["groups"] == {"tran": 1}
    assert found["facets"]["tags"] == {"Parken": 1, "Verkehr": 1}
    assert found["search_facets"]["organization"] == {
        "title": "organization",
        "items": [
            {"name": "statistik-und-wahlen", "display_name": "Statistik und Wahlen", "count": 1}
        ],
    }
    assert found["search_facets"]["groups"]["items"] == [
        {"name": "tran", "display_name": "Transport", "count": 1}
    ]
    licence = found["search_facets"]["license_id"]["items"][0]
    assert licence["name"] == "dl-by-de/2.0"
    assert licence["display_name"].startswith("Data licence Germany")


def test_package_search_without_facet_fields_counts_none(client, catalogue):
    found = result_of(get(client, "package_search"))
    assert found["count"] == 2
    assert found["facets"] == {}
    assert found["search_facets"] == {}


def test_package_search_filters_sorts_and_pages(client, catalogue):
    by_group = result_of(get(client, "package_search", fq="groups:econ"))
    assert [package["name"] for package in by_group["results"]] == ["haushalt-2026"]
    by_format = result_of(post(client, "package_search", {"fq": "res_format:CSV"}))
    assert [package["name"] for package in by_format["results"]] == ["parkplaetze"]
    page = result_of(get(client, "package_search", sort="title_string desc", rows=1, start=1))
    assert page["count"] == 2
    assert [package["name"] for package in page["results"]] == ["haushalt-2026"]
    assert page["sort"] == "title_string desc"
    facets = result_of(
        post(
            client,
            "package_search",
            {"facet.field": ["tags"], "facet.limit": 1, "facet.mincount": 1},
        )
    )
    assert len(facets["search_facets"]["tags"]["items"]) == 1


def test_package_search_rows_default_to_10_and_stop_at_1000(client, statistics_unit):
    for number in range(12):
        ResourceFactory(dataset=DatasetFactory(name=f"reihe-{number:02}"))
    assert len(result_of(get(client, "package_search"))["results"]) == 10
    assert len(result_of(get(client, "package_search", rows=5000))["results"]) == 12


def test_package_search_takes_a_constant_number_of_queries(
    client, statistics_unit, django_assert_max_num_queries
):
    for number in range(30):
        dataset = DatasetFactory(name=f"menge-{number:02}", keywords=["Menge", f"Nr {number}"])
        ResourceFactory(dataset=dataset)
        ResourceFactory(dataset=dataset, format="CSV")
    with django_assert_max_num_queries(12):
        found = result_of(
            get(client, "package_search", rows=30, **{"facet.field": '["tags", "organization"]'})
        )
    assert len(found["results"]) == 30


# -- organisations, groups, tags, licences, status, help ------------------------------------


def test_organizations_are_the_units_that_publish(client, catalogue):
    UnitFactory(name="Bauhof", code="70")  # publishes nothing
    assert result_of(get(client, "organization_list")) == ["kammerei", "statistik-und-wahlen"]
    full = result_of(get(client, "organization_list", all_fields="true", sort="name desc"))
    assert [org["name"] for org in full] == ["statistik-und-wahlen", "kammerei"]
    assert full[0]["title"] == "Statistik und Wahlen"
    assert full[0]["package_count"] == 1
    assert full[0]["is_organization"] is True
    assert result_of(get(client, "organization_list", limit=1, offset=1)) == [
        "statistik-und-wahlen"
    ]


def test_organization_show_with_and_without_datasets(client, catalogue, statistics_unit):
    organization = result_of(get(client, "organization_show", id="statistik-und-wahlen"))
    assert organization["id"] == str(statistics_unit.pk)
    assert organization["package_count"] == 1  # the draft does not count
    assert "packages" not in organization
    with_datasets = result_of(
        get(client, "organization_show", id=str(statistics_unit.pk), include_datasets="true")
    )
    assert [package["name"] for package in with_datasets["packages"]] == ["parkplaetze"]


def test_groups_are_the_eu_data_themes(client, catalogue):
    names = result_of(get(client, "group_list"))
    assert len(names) == 13
    assert names[:3] == ["agri", "econ", "educ"]
    by_count = result_of(get(client, "group_list", all_fields="true", sort="package_count"))
    assert by_count[0]["package_count"] == 1
    assert by_count[0]["type"] == "group"
    group = result_of(get(client, "group_show", id="econ", include_datasets="true"))
    assert group["title"] == "Economy and finance"
    assert group["package_count"] == 1
    assert [package["name"] for package in group["packages"]] == ["haushalt-2026"]
    assert {
        "key": "uri",
        "value": "http://publications.europa.eu/resource/authority/data-theme/ECON",
    } in group["extras"]
    assert result_of(get(client, "group_show", id=group["id"]))["name"] == "econ"


def test_tag_list_names_the_keywords_of_published_datasets(client, catalogue):
    assert result_of(get(client, "tag_list")) == ["Finanzen", "Parken", "Verkehr"]
    assert result_of(get(client, "tag_list", query="ver")) == ["Verkehr"]
    (tag,) = result_of(get(client, "tag_list", query="Fin", all_fields="true"))
    assert tag["name"] == "Finanzen"
    assert tag["vocabulary_id"] is None
    assert set(tag) >= {"id", "name", "display_name"}


def test_license_list_has_the_dcat_ap_de_licences(client):
    licences = {item["id"]: item for item in result_of(get(client, "license_list"))}
    assert {"dl-by-de/2.0", "dl-zero-de/2.0", "cc-by/4.0"} <= set(licences)
    assert licences["dl-zero-de/2.0"]["url"] == "https://www.govdata.de/dl-de/zero-2-0"
    assert licences["dl-zero-de/2.0"]["od_conformance"] == "approved"


def test_status_show_and_help_show(client):
    status = result_of(get(client, "status_show"))
    assert status["site_url"] == "http://testserver"
    assert status["ckan_version"].startswith("2.")
    assert "datastore" in status["extensions"]
    help_text = result_of(get(client, "help_show", name="package_search"))
    assert "facet.field" in help_text
