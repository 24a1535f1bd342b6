"""The OpenAPI description of the CKAN Action API: one path per action of the action
table, and the schemas it states hold for what the actions really answer."""

import jsonschema
import pytest

from ..ckan.registry import actions
from .factories import DatasetFactory, ResourceFactory

OPENAPI = "/api/3/openapi.json"


@pytest.fixture
def description(client):
    response = client.get(OPENAPI)
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def validator_for(description, schema):
    """A JSON Schema 2020-12 validator of ``schema`` whose references resolve inside the
    description's components (OpenAPI 3.1 schemas are JSON Schema 2020-12)."""
    root = {**schema, "components": description["components"]}
    jsonschema.Draft202012Validator.check_schema(root)
    return jsonschema.Draft202012Validator(root)


def test_every_action_has_its_path_and_nothing_else(description):
    assert description["openapi"].startswith("3.1")
    assert set(description["paths"]) == {f"/api/3/action/{name}" for name in actions()}
    assert description["servers"] == [{"url": "http://testserver"}]


def test_reads_take_get_and_post_writes_only_post_with_a_token(description):
    search = description["paths"]["/api/3/action/package_search"]
    assert set(search) == {"get", "post"}
    names = {parameter["name"] for parameter in search["get"]["parameters"]}
    assert {"q", "fq", "sort", "rows", "start", "facet.field", "facet.limit"} <= names
    rows = next(p for p in search["get"]["parameters"] if p["name"] == "rows")
    assert rows["schema"]["default"] == 10
    create = description["paths"]["/api/3/action/package_create"]
    assert set(create) == {"post"}
    assert create["post"]["security"] == [{"apiToken": []}]
    assert set(
        create["post"]["requestBody"]["content"]["application/json"]["schema"]["required"]
    ) == {
        "name",
        "owner_org",
    }
    upload = description["paths"]["/api/3/action/resource_create"]["post"]["requestBody"]
    assert "multipart/form-data" in upload["content"]


def test_every_reference_resolves(description):
    schemas = description["components"]["schemas"]

    def walk(node):
        if isinstance(node, dict):
            target = node.get("$ref")
            if target:
                assert target.removeprefix("#/components/schemas/") in schemas, target
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(description)


def test_the_answers_match_the_described_schemas(client, description, statistics_unit):
    dataset = DatasetFactory(name="parkplaetze", keywords=["Verkehr"], organization=statistics_unit)
    resource = ResourceFactory(dataset=dataset, format="CSV")
    calls = {
        "package_list": {},
        "package_show": {"id": "parkplaetze"},
        "package_search": {"facet.field": '["tags", "groups"]'},
        "resource_show": {"id": str(resource.pk)},
        "organization_list": {"all_fields": "true"},
        "organization_show": {"id": "statistik-und-wahlen", "include_datasets": "true"},
        "group_list": {},
        "group_show": {"id": "gove", "include_datasets": "true"},
        "tag_list": {"all_fields": "true"},
        "license_list": {},
        "status_show": {},
        "help_show": {"name": "package_show"},
    }
    for name, params in calls.items():
        operation = description["paths"][f"/api/3/action/{name}"]["get"]
        schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
        answer = client.get(f"/api/3/action/{name}", params).json()
        validator_for(description, schema).validate(answer)
    error_schema = {"$ref": "#/components/schemas/ErrorEnvelope"}
    not_found = client.get("/api/3/action/package_show", {"id": "nichts"}).json()
    validator_for(description, error_schema).validate(not_found)


def test_a_schema_that_does_not_hold_is_noticed(client, description, statistics_unit):
    DatasetFactory(name="parkplaetze", organization=statistics_unit)
    package = client.get("/api/3/action/package_show", {"id": "parkplaetze"}).json()["result"]
    del package["license_id"]
    with pytest.raises(jsonschema.ValidationError):
        validator_for(description, {"$ref": "#/components/schemas/Package"}).validate(package)
