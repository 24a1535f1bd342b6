"""The resource services: only data stewards write, every write is audited and reaches the
dataset's facets, links have no table, deleting takes the tables and files along."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from rathaus.core.accounts.tests.factories import StaffFactory
from rathaus.core.audit.models import AuditEntry
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.tests import samples

from ..datastore.tables import tables_of
from ..exceptions import DatastoreError, NotAllowed, OpenDataError
from ..models import DatasetFacet, Resource, TableLoad
from ..services.resources import (
    add_resource,
    delete_resource,
    replace_file,
    update_resource,
    update_schema,
)
from .datastore_samples import PARKING_CSV, csv_upload, upload_table
from .factories import DatasetFactory


@pytest.fixture
def dataset(statistics_unit):
    return DatasetFactory(organization=statistics_unit)


def formats(dataset) -> set[str]:
    return set(
        DatasetFacet.objects.filter(
            dataset=dataset, field=DatasetFacet.Field.RES_FORMAT
        ).values_list("value", flat=True)
    )


def test_staff_without_the_steward_role_cannot_write(dataset):
    clerk = StaffFactory()
    with pytest.raises(NotAllowed):
        upload_table(clerk, dataset)
    with pytest.raises(NotAllowed):
        add_resource(
            actor=clerk, dataset=dataset, name="Link", format="HTML", url="https://example.org/"
        )
    assert not Resource.objects.exists()
    assert not StoredFile.objects.exists()


def test_link_resource_has_an_address_and_no_table(steward, dataset):
    resource = add_resource(
        actor=steward,
        dataset=dataset,
        name="Haushaltsplan",
        format="pdf",
        url="https://weiterstadt.example/haushalt.pdf",
    )
    assert (resource.format, resource.url, resource.file) == (
        "PDF",
        "https://weiterstadt.example/haushalt.pdf",
        None,
    )
    assert not resource.datastore_active and not resource.loads.exists()
    assert formats(dataset) == {"PDF"}
    entry = AuditEntry.objects.filter(object_id=str(resource.pk)).get()
    assert (entry.action, entry.actor_id) == (AuditEntry.Action.CREATE, str(steward.pk))


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"url": "javascript:alert(1)"}, "starting with https://"),
        ({"url": "ftp://example.org/x"}, "starting with https://"),
        ({"url": ""}, "Upload a file or enter the address"),
        ({"url": "https://x.example/", "uploaded_file": csv_upload("a\n1\n")}, "not both"),
        ({"url": "https://x.example/", "format": "EXE"}, "Choose one of the formats"),
        ({"url": "https://x.example/", "name": "  "}, "Enter a name"),
        ({"uploaded_file": csv_upload("a\n1\n", name="x.xml"), "format": "XML"}, "link them"),
    ],
)
def test_bad_resource_input_is_refused_with_a_message(steward, dataset, arguments, message):
    values = {"name": "Datei", "format": "PDF", **arguments}
    with translation.override("en"), pytest.raises(OpenDataError) as refused:
        add_resource(actor=steward, dataset=dataset, **values)
    assert message in str(refused.value.message)
    assert not Resource.objects.exists()


def test_file_of_the_wrong_kind_is_refused(steward, dataset):
    with translation.override("en"), pytest.raises(OpenDataError) as refused:
        add_resource(
            actor=steward,
            dataset=dataset,
            name="Tabelle",
            format="CSV",
            uploaded_file=SimpleUploadedFile("tabelle.csv", samples.pdf()),
        )
    assert "not accepted" in str(refused.value.message)
    assert not StoredFile.objects.exists()


def test_pdf_json_and_geojson_files_are_stored_without_a_table(steward, dataset):
    geojson = json.dumps({"type": "Feature", "geometry": None, "properties": {}}).encode()
    uploads = {
        "PDF": SimpleUploadedFile("plan.pdf", samples.pdf()),
        "JSON": SimpleUploadedFile("daten.json", b'{"werte": [1, 2]}'),
        "GEOJSON": SimpleUploadedFile("karte.geojson", geojson),
    }
    for fmt, upload in uploads.items():
        resource = add_resource(
            actor=steward, dataset=dataset, name=fmt, format=fmt, uploaded_file=upload
        )
        assert resource.file.size == resource.size and not resource.loads.exists()
    assert formats(dataset) == {"PDF", "JSON", "GEOJSON"}
    assert list(dataset.resources.values_list("position", flat=True)) == [1, 2, 3]


def test_replacing_a_pdf_replaces_the_file_at_once(steward, dataset):
    resource = add_resource(
        actor=steward,
        dataset=dataset,
        name="Plan",
        format="PDF",
        uploaded_file=SimpleUploadedFile("plan.pdf", samples.pdf()),
    )
    old = resource.file_id
    assert (
        replace_file(
            actor=steward,
            resource=resource,
            uploaded_file=SimpleUploadedFile("plan2.pdf", samples.pdf() + b"%"),
        )
        is None
    )
    resource.refresh_from_db()
    assert resource.file_id != old
    assert not StoredFile.objects.filter(pk=old).exists()


def test_update_resource_edits_and_is_audited(steward, dataset):
    resource = add_resource(
        actor=steward, dataset=dataset, name="Link", format="HTML", url="https://a.example/"
    )
    update_resource(
        actor=steward,
        resource=resource,
        name="Karte",
        description="Die Karte der Stellplätze.",
        url="https://b.example/karte",
        format="GEOJSON",
    )
    resource.refresh_from_db()
    assert (resource.name, resource.url, resource.format) == (
        "Karte",
        "https://b.example/karte",
        "GEOJSON",
    )
    assert formats(dataset) == {"GEOJSON"}
    entry = AuditEntry.objects.filter(action=AuditEntry.Action.UPDATE).latest("sequence")
    assert entry.changes["name"] == ["Link", "Karte"]


def test_an_uploaded_tables_format_and_address_cannot_be_edited(steward, dataset):
    resource = upload_table(steward, dataset)
    with pytest.raises(OpenDataError):
        update_resource(actor=steward, resource=resource, format="PDF")
    with pytest.raises(OpenDataError):
        update_resource(actor=steward, resource=resource, url="https://evil.example/")


def test_delete_resource_drops_tables_and_files_and_updates_facets(steward, dataset):
    resource = upload_table(steward, dataset)
    bad = PARKING_CSV.replace("420", "viele")
    replace_file(actor=steward, resource=resource, uploaded_file=csv_upload(bad))
    assert StoredFile.objects.count() == 2
    assert formats(dataset) == {"CSV"}
    resource_id = resource.pk
    delete_resource(actor=steward, resource=resource)
    assert tables_of(resource_id) == []
    assert not StoredFile.objects.exists()
    assert not TableLoad.objects.exists()
    assert formats(dataset) == set()
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.DELETE, object_id=str(resource_id)
    ).exists()


def test_schema_change_is_validated_before_anything_runs(steward, dataset):
    resource = upload_table(steward, dataset)
    for schema, message in [
        ({"fields": []}, "at least one field"),
        ({"fields": [{"name": "a", "type": "zahl"}]}, "not a valid Table Schema"),
        ({"fields": [{"name": "a"}, {"name": "A"}]}, "appears more than once"),
        ({"fields": [{"name": "_id"}]}, "reserved"),
        ("nonsense", "must be an object"),
    ]:
        with translation.override("en"), pytest.raises(DatastoreError) as refused:
            update_schema(actor=steward, resource=resource, schema=schema)
        assert message in str(refused.value.message)
    assert resource.loads.count() == 1


def test_schema_of_a_link_cannot_be_changed(steward, dataset):
    link = add_resource(
        actor=steward, dataset=dataset, name="Link", format="CSV", url="https://a.example/x.csv"
    )
    with pytest.raises(DatastoreError):
        update_schema(actor=steward, resource=link, schema={"fields": [{"name": "a"}]})


def test_a_corrected_file_is_checked_against_the_rules_the_steward_just_tried(steward, dataset):
    """The steward tightens a rule, the current file breaks it, she uploads a corrected file:
    it is checked against the new rule, which then holds."""
    resource = upload_table(steward, dataset)
    schema = json.loads(json.dumps(resource.schema))
    places = next(field for field in schema["fields"] if field["name"] == "plaetze")
    places["constraints"] = {"required": True}
    refused = update_schema(actor=steward, resource=resource, schema=schema)
    assert refused.state == TableLoad.State.INVALID  # Parkplatz Sportpark has no number
    corrected = PARKING_CSV.replace("Parkplatz Sportpark,,", "Parkplatz Sportpark,60,")
    load = replace_file(actor=steward, resource=resource, uploaded_file=csv_upload(corrected))
    assert load.state == TableLoad.State.LOADED
    resource.refresh_from_db()
    places = next(field for field in resource.schema["fields"] if field["name"] == "plaetze")
    assert places["constraints"] == {"required": True}
    missing = PARKING_CSV  # the old file again: now refused by the rule that holds
    assert (
        replace_file(actor=steward, resource=resource, uploaded_file=csv_upload(missing)).state
        == TableLoad.State.INVALID
    )
