"""CKAN Action API, DataStore: ``datastore_search`` with CKAN's parameters and answer
(``_links`` included), and ``datastore_search_sql`` absent while switched off."""

import json

import pytest

from rathaus.core.accounts.api_tokens import create_token

from ..datastore.loading import load_rows
from ..models import Dataset
from .factories import DatasetFactory, ResourceFactory

API = "/api/3/action/"
SCHEMA = {
    "fields": [
        {"name": "bezirk", "type": "string"},
        {"name": "jahr", "type": "integer"},
        {"name": "einwohner", "type": "integer"},
    ]
}
ROWS = [
    {"bezirk": "Nord", "jahr": 2024, "einwohner": 5120},
    {"bezirk": "Süd", "jahr": 2024, "einwohner": 4310},
    {"bezirk": "Nord", "jahr": 2025, "einwohner": 5190},
    {"bezirk": "Mitte", "jahr": 2025, "einwohner": 7002},
    {"bezirk": "Süd", "jahr": 2025, "einwohner": 4388},
]


def table(dataset) -> str:
    resource = ResourceFactory(dataset=dataset, format="CSV", name="Einwohner")
    load_rows(resource, SCHEMA, ROWS)
    return str(resource.pk)


@pytest.fixture
def resource_id(statistics_unit):
    return table(DatasetFactory(name="einwohner", organization=statistics_unit))


def search(client, token=None, **params):
    headers = {"HTTP_AUTHORIZATION": token} if token else {}
    return client.get(API + "datastore_search", params, **headers)


def result_of(response):
    assert response.status_code == 200, response.content
    assert response.json()["success"] is True
    return response.json()["result"]


def test_datastore_search_answers_as_ckan(client, resource_id):
    result = result_of(search(client, resource_id=resource_id, limit=2))
    assert result["resource_id"] == resource_id
    assert result["fields"] == [
        {"id": "_id", "type": "int"},
        {"id": "bezirk", "type": "text"},
        {"id": "jahr", "type": "int"},
        {"id": "einwohner", "type": "int"},
    ]
    assert result["records"] == [
        {"_id": 1, "bezirk": "Nord", "jahr": 2024, "einwohner": 5120},
        {"_id": 2, "bezirk": "Süd", "jahr": 2024, "einwohner": 4310},
    ]
    assert result["total"] == 5
    assert result["limit"] == 2
    path = "/api/3/action/datastore_search"
    assert result["_links"] == {
        "start": f"{path}?resource_id={resource_id}&limit=2",
        "next": f"{path}?resource_id={resource_id}&limit=2&offset=2",
    }
    assert search(client, resource_id=resource_id)["Access-Control-Allow-Origin"] == "*"


def test_following_next_pages_through_the_table(client, resource_id):
    seen = []
    response = search(client, resource_id=resource_id, limit=2)
    while True:
        result = result_of(response)
        if not result["records"]:
            break
        seen.extend(record["_id"] for record in result["records"])
        response = client.get(result["_links"]["next"])
    assert seen == [1, 2, 3, 4, 5]


def test_filters_q_fields_sort_and_total(client, resource_id):
    filtered = result_of(
        search(
            client,
            resource_id=resource_id,
            filters=json.dumps({"bezirk": "Süd"}),
            fields="jahr,einwohner",
            sort="jahr desc",
        )
    )
    assert filtered["records"] == [
        {"jahr": 2025, "einwohner": 4388},
        {"jahr": 2024, "einwohner": 4310},
    ]
    assert filtered["total"] == 2
    assert filtered["filters"] == {"bezirk": "Süd"}
    posted = client.post(
        API + "datastore_search",
        json.dumps(
            {
                "resource_id": resource_id,
                "q": "Mitte",
                "fields": ["bezirk"],
                "include_total": False,
            }
        ),
        "application/json",
    )
    result = result_of(posted)
    assert result["records"] == [{"bezirk": "Mitte"}]
    assert "total" not in result


def test_a_bad_field_is_a_validation_error_naming_it(client, resource_id):
    response = search(client, resource_id=resource_id, filters=json.dumps({"stadtteil": "Nord"}))
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["__type"] == "Validation Error"
    assert "stadtteil" in json.dumps(error)
    bad_json = search(client, resource_id=resource_id, filters="{bezirk: Nord")
    assert bad_json.status_code == 409
    assert bad_json.json()["error"]["filters"] == ["Could not parse as valid JSON"]


def test_unknown_resources_and_tables_of_drafts_are_not_found(client, statistics_unit, steward):
    missing = search(client, resource_id="00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404
    assert missing.json()["error"]["__type"] == "Not Found Error"
    linked = ResourceFactory(dataset=DatasetFactory(name="nur-link"))
    assert search(client, resource_id=str(linked.pk)).status_code == 404
    draft = DatasetFactory(name="entwurf", state=Dataset.State.DRAFT)
    draft_table = table(draft)
    assert search(client, resource_id=draft_table).status_code == 404
    token = create_token(actor=steward, name="Vorschau")[1]
    assert result_of(search(client, token=token, resource_id=draft_table))["total"] == 5


def test_a_missing_resource_id_is_a_validation_error(client):
    response = search(client)
    assert response.status_code == 409
    assert response.json()["error"]["resource_id"] == ["Missing value"]


def test_datastore_search_sql_does_not_exist_while_switched_off(client, settings):
    settings.RATHAUS_DATASTORE_SQL_ENABLED = False
    response = client.get(API + "datastore_search_sql", {"sql": "SELECT 1"})
    assert response.status_code == 400
    assert response.json() == "Bad request - Action name not known: datastore_search_sql"
    paths = client.get("/api/3/openapi.json").json()["paths"]
    assert "/api/3/action/datastore_search_sql" not in paths


def test_datastore_search_sql_reads_published_tables_when_switched_on(
    client, settings, resource_id
):
    settings.RATHAUS_DATASTORE_SQL_ENABLED = True
    query = 'SELECT bezirk, einwohner FROM "{id}" WHERE jahr = 2025 ORDER BY einwohner DESC'
    sql = query.format(id=resource_id)
    result = result_of(client.get(API + "datastore_search_sql", {"sql": sql}))
    assert result["sql"] == sql
    assert [field["id"] for field in result["fields"]] == ["bezirk", "einwohner"]
    assert result["records"] == [
        {"bezirk": "Mitte", "einwohner": 7002},
        {"bezirk": "Nord", "einwohner": 5190},
        {"bezirk": "Süd", "einwohner": 4388},
    ]
    assert "/api/3/action/datastore_search_sql" in client.get("/api/3/openapi.json").json()["paths"]


@pytest.mark.parametrize(
    "sql",
    [
        'DELETE FROM "{id}"',
        'SELECT 1 FROM "{id}"; DROP TABLE "{id}"',
        "SELECT * FROM opendata_dataset",
    ],
)
def test_datastore_search_sql_refuses_everything_but_one_select(client, settings, resource_id, sql):
    settings.RATHAUS_DATASTORE_SQL_ENABLED = True
    response = client.post(
        API + "datastore_search_sql",
        json.dumps({"sql": sql.format(id=resource_id)}),
        "application/json",
    )
    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["__type"] == "Validation Error"
    assert error["query"]
    assert result_of(search(client, resource_id=resource_id))["total"] == 5
