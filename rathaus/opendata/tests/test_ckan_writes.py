"""CKAN Action API, writing actions: only with a data steward's API token; packages are
created, updated, patched and withdrawn through the catalogue's services (audited)."""

import json

import pytest

from rathaus.core.accounts.api_tokens import create_token
from rathaus.core.accounts.tests.factories import StaffFactory, UnitFactory
from rathaus.core.audit.models import AuditEntry

from ..models import Dataset
from .factories import DatasetFactory, ResourceFactory

API = "/api/3/action/"


@pytest.fixture
def token(steward):
    return create_token(actor=steward, name="CKAN-Werkzeug")[1]


@pytest.fixture
def unit(statistics_unit):
    statistics_unit.email = "statistik@weiterstadt.example"
    statistics_unit.save()
    return statistics_unit


def post(client, action, data, token=None, **headers):
    if token:
        headers["HTTP_AUTHORIZATION"] = token
    return client.post(API + action, json.dumps(data), "application/json", **headers)


def result_of(response):
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["success"] is True
    return body["result"]


def error_of(response, status, error_type):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["success"] is False
    assert body["error"]["__type"] == error_type
    return body["error"]


NEW_PACKAGE = {
    "name": "baumkataster",
    "title": "Baumkataster",
    "notes": "Standorte und Arten der Straßenbäume.",
    "owner_org": "statistik-und-wahlen",
    "license_id": "cc-by/4.0",
    "tags": [{"name": "Umwelt"}, {"name": "Bäume"}],
    "groups": [{"name": "envi"}],
    "extras": [
        {"key": "frequency", "value": "ANNUAL"},
        {"key": "temporal_start", "value": "2024-01-01"},
    ],
}


# -- who may write --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        "package_create",
        "package_update",
        "package_patch",
        "package_delete",
        "resource_create",
        "resource_update",
        "resource_patch",
        "resource_delete",
    ],
)
def test_writes_without_a_token_are_authorization_errors(client, unit, action):
    error = error_of(post(client, action, {"id": "x", **NEW_PACKAGE}), 403, "Authorization Error")
    assert error["message"].startswith("Access denied: ")
    assert not Dataset.objects.exists()


def test_a_token_of_staff_who_are_not_stewards_may_not_write(client, unit):
    clerk_token = create_token(actor=StaffFactory(), name="Skript")[1]
    error_of(post(client, "package_create", NEW_PACKAGE, clerk_token), 403, "Authorization Error")
    error_of(post(client, "package_create", NEW_PACKAGE, "erfunden"), 403, "Authorization Error")
    assert not Dataset.objects.exists()


def test_a_token_of_another_town_is_unknown_here(client, unit, other_town, steward):
    from rathaus.core.tenancy import for_town

    with for_town(other_town):
        their_steward = StaffFactory()
        from rathaus.core.accounts.roles import Role
        from rathaus.core.accounts.tests.factories import RoleAssignmentFactory

        RoleAssignmentFactory(user=their_steward, role=Role.DATA_STEWARD, unit=None)
        their_token = create_token(actor=their_steward, name="Fremd")[1]
    error_of(post(client, "package_create", NEW_PACKAGE, their_token), 403, "Authorization Error")


# -- packages -------------------------------------------------------------------------------


def test_package_create_makes_a_draft_until_it_has_a_resource(client, unit, token, steward):
    package = result_of(post(client, "package_create", NEW_PACKAGE, token))
    assert package["name"] == "baumkataster"
    assert package["state"] == "draft"
    assert package["owner_org"] == str(unit.pk)
    assert package["license_id"] == "cc-by/4.0"
    assert sorted(tag["name"] for tag in package["tags"]) == ["Bäume", "Umwelt"]
    assert [group["name"] for group in package["groups"]] == ["envi"]
    assert package["maintainer"] == "Statistik und Wahlen"  # the unit, when no contact is given
    assert package["maintainer_email"] == "statistik@weiterstadt.example"
    extras = {extra["key"]: extra["value"] for extra in package["extras"]}
    assert extras["frequency"].endswith("/ANNUAL")
    assert extras["temporal_start"] == "2024-01-01"
    dataset = Dataset.objects.get(name="baumkataster")
    assert dataset.themes == ["ENVI"]
    assert AuditEntry.objects.filter(
        object_id=str(dataset.pk), action=AuditEntry.Action.CREATE, actor_id=steward.pk
    ).exists()
    assert client.get(API + "package_show", {"id": "baumkataster"}).status_code == 404


def test_package_create_reports_every_problem_as_a_validation_error(client, unit, token):
    error = error_of(
        post(
            client,
            "package_create",
            {
                "name": "Kein gültiger Name",
                "owner_org": "gibt-es-nicht",
                "groups": [{"name": "astrologie"}],
                "extras": [{"key": "temporal_start", "value": "irgendwann"}],
            },
            token,
        ),
        409,
        "Validation Error",
    )
    assert error["owner_org"] == ["Organization does not exist"]
    assert "groups" in error
    assert "temporal_start" in error
    missing = error_of(
        post(client, "package_create", {"title": "x"}, token), 409, "Validation Error"
    )
    assert missing["name"] == ["Missing value"]
    assert missing["owner_org"] == ["Missing value"]
    assert not Dataset.objects.exists()


def test_a_taken_name_is_a_validation_error(client, unit, token):
    DatasetFactory(name="baumkataster")
    error = error_of(post(client, "package_create", NEW_PACKAGE, token), 409, "Validation Error")
    assert error["name"] == ["Another dataset already has this short name."]


def test_a_missing_description_is_a_validation_error_on_the_field(client, unit, token):
    data = {key: value for key, value in NEW_PACKAGE.items() if key != "notes"}
    error = error_of(post(client, "package_create", data, token), 409, "Validation Error")
    assert list(error) == ["__type", "notes"]


def test_package_patch_changes_only_the_fields_given(client, unit, token):
    dataset = DatasetFactory(
        name="wahlen", title="Wahlergebnisse", organization=unit, keywords=["Wahl"]
    )
    ResourceFactory(dataset=dataset)
    package = result_of(
        post(client, "package_patch", {"id": "wahlen", "title": "Wahlen 2025"}, token)
    )
    assert package["title"] == "Wahlen 2025"
    assert package["notes"] == dataset.notes
    assert [tag["name"] for tag in package["tags"]] == ["Wahl"]
    assert package["state"] == "active"
    assert len(package["resources"]) == 1
    dataset.refresh_from_db()
    assert dataset.title == "Wahlen 2025"
    assert dataset.themes == ["GOVE"]


def test_package_update_replaces_the_metadata(client, unit, token):
    DatasetFactory(name="wahlen", organization=unit, keywords=["Wahl"], version="1")
    package = result_of(
        post(
            client,
            "package_update",
            {
                "id": "wahlen",
                "title": "Wahlen",
                "notes": "Neu beschrieben.",
                "owner_org": str(unit.pk),
                "maintainer": "Wahlamt",
                "maintainer_email": "wahlen@weiterstadt.example",
            },
            token,
        )
    )
    assert package["title"] == "Wahlen"
    assert package["notes"] == "Neu beschrieben."
    assert package["tags"] == []
    assert package["version"] == ""
    assert package["maintainer"] == "Wahlamt"


def test_package_update_of_an_unknown_dataset_is_not_found(client, unit, token):
    error_of(
        post(client, "package_update", {"id": "nichts", **NEW_PACKAGE}, token),
        404,
        "Not Found Error",
    )


def test_package_delete_withdraws_the_dataset(client, unit, token):
    dataset = DatasetFactory(name="wahlen", organization=unit)
    ResourceFactory(dataset=dataset)
    response = post(client, "package_delete", {"id": "wahlen"}, token)
    assert result_of(response) is None
    dataset.refresh_from_db()
    assert dataset.state == Dataset.State.DRAFT
    assert client.get(API + "package_show", {"id": "wahlen"}).status_code == 404
    assert "wahlen" not in client.get(API + "package_list").json()["result"]


def test_a_draft_is_published_with_state_active(client, unit, token):
    draft = DatasetFactory(name="wahlen", organization=unit, state=Dataset.State.DRAFT)
    error = error_of(
        post(client, "package_patch", {"id": "wahlen", "state": "active"}, token),
        409,
        "Validation Error",
    )
    assert "resource" in error["state"][0]
    ResourceFactory(dataset=draft)
    package = result_of(post(client, "package_patch", {"id": "wahlen", "state": "active"}, token))
    assert package["state"] == "active"
    assert client.get(API + "package_show", {"id": "wahlen"}).status_code == 200


def test_moving_a_dataset_to_another_organization(client, unit, token):
    DatasetFactory(name="wahlen", organization=unit)
    other = UnitFactory(name="Bürgerbüro", code="32")
    package = result_of(
        post(client, "package_patch", {"id": "wahlen", "owner_org": "burgerburo"}, token)
    )
    assert package["organization"]["id"] == str(other.pk)


# -- resources ------------------------------------------------------------------------------


def test_package_create_with_linked_resources_publishes_it(client, unit, token):
    data = {
        **NEW_PACKAGE,
        "resources": [
            {"url": "https://weiterstadt.example/baeume.geojson", "name": "Bäume"},
            {"url": "https://weiterstadt.example/arten.pdf", "format": "pdf"},
        ],
    }
    package = result_of(post(client, "package_create", data, token))
    assert package["state"] == "active"
    assert [(r["name"], r["format"]) for r in package["resources"]] == [
        ("Bäume", "GEOJSON"),
        ("arten.pdf", "PDF"),
    ]
    assert client.get(API + "package_show", {"id": "baumkataster"}).status_code == 200
    kept_draft = {**data, "name": "baumkataster-entwurf", "state": "draft"}
    assert result_of(post(client, "package_create", kept_draft, token))["state"] == "draft"


def test_a_bad_resource_in_package_create_keeps_nothing(client, unit, token):
    data = {
        **NEW_PACKAGE,
        "resources": [
            {"url": "https://weiterstadt.example/baeume.csv"},
            {"url": "https://weiterstadt.example/baeume.exe"},
            {"name": "ohne Adresse", "format": "CSV"},
        ],
    }
    error = error_of(post(client, "package_create", data, token), 409, "Validation Error")
    assert error["resources"][0] == {}
    assert "format" in error["resources"][1]
    assert error["resources"][2] == {"url": ["Missing value"]}
    assert not Dataset.objects.exists()


def test_resource_create_with_a_link(client, unit, token):
    dataset = DatasetFactory(name="wahlen", organization=unit)
    before = dataset.modified_at
    resource = result_of(
        post(
            client,
            "resource_create",
            {
                "package_id": "wahlen",
                "url": "https://weiterstadt.example/wahl.json",
                "description": "Alle Stimmbezirke",
            },
            token,
        )
    )
    assert resource["package_id"] == str(dataset.pk)
    assert resource["format"] == "JSON"
    assert resource["name"] == "wahl.json"
    assert resource["url"] == "https://weiterstadt.example/wahl.json"
    assert resource["url_type"] is None
    assert resource["description"] == "Alle Stimmbezirke"
    dataset.refresh_from_db()
    assert dataset.modified_at > before
    shown = client.get(API + "package_show", {"id": "wahlen"}).json()["result"]
    assert [r["id"] for r in shown["resources"]] == [resource["id"]]


def test_resource_create_with_a_multipart_upload(client, unit, token):
    from django.core.files.uploadedfile import SimpleUploadedFile

    DatasetFactory(name="wahlen", organization=unit)
    upload = SimpleUploadedFile(
        "ergebnis.csv", "bezirk,stimmen\nNord,12\nSüd,7\n".encode(), "text/csv"
    )
    response = client.post(
        API + "resource_create",
        {"package_id": "wahlen", "name": "Ergebnis", "upload": upload},
        HTTP_AUTHORIZATION=token,
    )
    resource = result_of(response)
    assert resource["format"] == "CSV"
    assert resource["url_type"] == "upload"
    assert resource["url"] == f"http://testserver/daten/wahlen/{resource['id']}/download/"
    assert resource["name"] == "Ergebnis"


def test_resource_update_patch_and_delete(client, unit, token):
    dataset = DatasetFactory(name="wahlen", organization=unit)
    linked = ResourceFactory(dataset=dataset, name="Alt", description="alt", format="PDF")
    patched = result_of(
        post(client, "resource_patch", {"id": str(linked.pk), "name": "Neu"}, token)
    )
    assert patched["name"] == "Neu"
    assert patched["description"] == "alt"
    assert patched["url"] == linked.url
    updated = result_of(
        post(
            client,
            "resource_update",
            {"id": str(linked.pk), "url": "https://weiterstadt.example/neu.csv"},
            token,
        )
    )
    assert updated["url"] == "https://weiterstadt.example/neu.csv"
    assert updated["format"] == "PDF"  # kept, as it was not given
    assert updated["description"] == ""
    assert result_of(post(client, "resource_delete", {"id": str(linked.pk)}, token)) is None
    assert not dataset.resources.exists()
    response = post(client, "resource_show", {"id": str(linked.pk)})
    error_of(response, 404, "Not Found Error")


def test_package_update_with_resources_keeps_updates_adds_and_deletes(client, unit, token):
    dataset = DatasetFactory(name="wahlen", organization=unit)
    kept = ResourceFactory(dataset=dataset, name="bleibt")
    ResourceFactory(dataset=dataset, name="geht")
    package = result_of(
        post(
            client,
            "package_patch",
            {
                "id": "wahlen",
                "resources": [
                    {"id": str(kept.pk), "name": "bleibt, umbenannt", "url": kept.url},
                    {"url": "https://weiterstadt.example/neu.xml"},
                ],
            },
            token,
        )
    )
    assert [r["name"] for r in package["resources"]] == ["bleibt, umbenannt", "neu.xml"]
    assert package["resources"][0]["id"] == str(kept.pk)


def test_refusals_of_the_resource_services_are_validation_errors(client, unit, token):
    DatasetFactory(name="wahlen", organization=unit)
    response = post(
        client,
        "resource_create",
        {"package_id": "wahlen", "url": "ftp://weiterstadt.example/wahl.csv"},
        token,
    )
    error = error_of(response, 409, "Validation Error")
    assert "https://" in error["message"]
    data = {**NEW_PACKAGE, "resources": [{"url": "javascript:alert(1)", "format": "HTML"}]}
    error = error_of(post(client, "package_create", data, token), 409, "Validation Error")
    assert "https://" in error["resources"][0]["message"]
    assert not Dataset.objects.filter(name="baumkataster").exists()


def test_a_tabular_upload_with_errors_is_kept_out_of_the_datastore(client, unit, token):
    from django.core.files.uploadedfile import SimpleUploadedFile

    DatasetFactory(name="wahlen", organization=unit)
    good = SimpleUploadedFile("wahl.csv", b"bezirk,stimmen\nNord,12\nSued,7\n", "text/csv")
    response = client.post(
        API + "resource_create",
        {"package_id": "wahlen", "upload": good},
        HTTP_AUTHORIZATION=token,
    )
    resource = result_of(response)
    assert resource["datastore_active"] is True
    bad = SimpleUploadedFile("wahl.csv", b"bezirk,stimmen\nNord,zwoelf\n", "text/csv")
    response = client.post(
        API + "resource_update",
        {"id": resource["id"], "upload": bad},
        HTTP_AUTHORIZATION=token,
    )
    assert result_of(response)["datastore_active"] is True
    rows = client.get(API + "datastore_search", {"resource_id": resource["id"]}).json()
    assert [record["stimmen"] for record in rows["result"]["records"]] == [12, 7]
