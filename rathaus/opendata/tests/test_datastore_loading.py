"""Loading uploaded tables into the datastore: validated against the Frictionless Table Schema
in a background job, every problem reported with its row and column, and a bad file never
replacing a good one."""

import pytest
from django.utils import translation

from rathaus.core.jobs.models import Job
from rathaus.core.uploads.models import StoredFile

from ..datastore import query
from ..datastore.tables import tables_of
from ..exceptions import DatastoreError, OpenDataError
from ..models import Resource, TableLoad
from ..services.resources import replace_file, update_schema
from .datastore_samples import (
    PARKING_CSV,
    csv_upload,
    rows_of,
    table_exists,
    upload_table,
    xlsx_upload,
)
from .factories import DatasetFactory


def speaks_english(person) -> None:
    """Job messages are written in the language of the person who started the job."""
    person.preferred_language = "en"
    person.save(update_fields=["preferred_language"])


@pytest.fixture
def dataset(statistics_unit):
    return DatasetFactory(name="parkplaetze", organization=statistics_unit)


def errors_of(load: TableLoad) -> list[tuple]:
    return [(e["row"], e["column"], e["field"], e["type"]) for e in load.errors]


def test_csv_upload_is_loaded_into_its_own_table_with_an_inferred_schema(steward, dataset):
    resource = upload_table(steward, dataset)
    load = resource.loads.get()
    assert load.state == TableLoad.State.LOADED
    assert (load.rows_loaded, load.error_count, load.errors) == (4, 0, [])
    assert resource.row_count == 4
    assert resource.datastore_table == f"ods_{resource.pk.hex}_1"
    assert {f["name"]: f["type"] for f in resource.schema["fields"]} == {
        "name": "string",
        "plaetze": "integer",
        "gebuehr": "number",
        "geoeffnet_seit": "date",
        "barrierefrei": "boolean",
        "stadtteil": "string",
    }
    result = query.search(resource)
    assert result.fields == [
        {"id": "_id", "type": "int"},
        {"id": "name", "type": "text"},
        {"id": "plaetze", "type": "int"},
        {"id": "gebuehr", "type": "numeric"},
        {"id": "geoeffnet_seit", "type": "date"},
        {"id": "barrierefrei", "type": "bool"},
        {"id": "stadtteil", "type": "text"},
    ]
    assert result.records[0] == {
        "_id": 1,
        "name": "Parkhaus Bahnhof",
        "plaetze": 420,
        "gebuehr": 1.5,
        "geoeffnet_seit": "2001-04-01",
        "barrierefrei": True,
        "stadtteil": "Innenstadt",
    }
    assert result.records[3]["plaetze"] is None


def test_the_load_runs_as_a_job_the_steward_can_watch(steward, dataset):
    resource = upload_table(steward, dataset)
    load = resource.loads.get()
    job = Job.objects.get(pk=load.job_id)
    assert job.state == Job.State.SUCCEEDED
    assert job.started_by == steward
    assert job.percent == 100
    assert "4" in job.message


def test_german_excel_csv_with_semicolons_bom_and_decimal_commas(steward, dataset):
    text = (
        "\ufeffStraße;Betrag;Stichtag;PLZ\n"
        "Hauptstraße 1;1.234,50;31.12.2024;01067\n"
        "Marktplatz 3;17,00;01.01.2025;64331\n"
    )
    resource = upload_table(steward, dataset, text)
    fields = {f["name"]: f for f in resource.schema["fields"]}
    assert fields["Betrag"]["type"] == "number" and fields["Betrag"]["decimalChar"] == ","
    assert fields["Stichtag"] == {"name": "Stichtag", "type": "date", "format": "%d.%m.%Y"}
    assert fields["PLZ"]["type"] == "string"  # the leading zero stays
    records = query.search(resource).records
    assert records[0] == {
        "_id": 1,
        "Straße": "Hauptstraße 1",
        "Betrag": 1234.5,
        "Stichtag": "2024-12-31",
        "PLZ": "01067",
    }


def test_xlsx_first_sheet_is_loaded(steward, dataset):
    import datetime

    upload = xlsx_upload(
        [
            ["Kita", "Plätze", "Eröffnet"],
            ["Kita Sonnenschein", 60, datetime.datetime(2012, 8, 1)],
            ["Kita Regenbogen", 45, datetime.datetime(2019, 2, 15)],
        ]
    )
    resource = upload_table(steward, dataset, upload=upload, format="XLSX", name="Kitas")
    assert resource.loads.get().state == TableLoad.State.LOADED
    assert [f["type"] for f in resource.schema["fields"]] == ["string", "integer", "date"]
    assert query.search(resource).records[1] == {
        "_id": 2,
        "Kita": "Kita Regenbogen",
        "Plätze": 45,
        "Eröffnet": "2019-02-15",
    }


def test_damaged_workbook_is_reported_not_failing_the_job(steward, dataset):
    speaks_english(steward)
    from django.core.files.uploadedfile import SimpleUploadedFile

    from rathaus.core.uploads.tests import samples

    upload = SimpleUploadedFile("kaputt.xlsx", samples.xlsx())
    with translation.override("en"):
        resource = upload_table(steward, dataset, upload=upload, format="XLSX")
    load = resource.loads.get()
    assert (load.state, errors_of(load)) == (
        TableLoad.State.INVALID,
        [(None, None, "", "source-error")],
    )
    assert "The workbook cannot be opened" in load.errors[0]["message"]
    assert Job.objects.get(pk=load.job_id).state == Job.State.SUCCEEDED


def test_every_problem_is_reported_with_row_and_column_and_nothing_is_loaded(steward, dataset):
    speaks_english(steward)
    resource = upload_table(steward, dataset)
    good_table = resource.datastore_table
    schema = {
        "fields": [
            {"name": "name", "type": "string", "constraints": {"required": True, "unique": True}},
            {"name": "plaetze", "type": "integer", "constraints": {"minimum": 0}},
            {"name": "gebuehr", "type": "number"},
            {"name": "geoeffnet_seit", "type": "date"},
            {"name": "barrierefrei", "type": "boolean"},
            {
                "name": "stadtteil",
                "type": "string",
                "constraints": {"enum": ["Innenstadt", "Nord", "Süd"]},
            },
        ]
    }
    bad = (
        "name,plaetze,gebuehr,geoeffnet_seit,barrierefrei,stadtteil\n"
        "Parkhaus Bahnhof,viele,1.50,2001-04-01,true,Nord\n"
        ",-5,0,1998-13-15,false,Nord\n"
        "Parkhaus Ost,150,2.00,2010-09-30,true,Ost\n"
        "Parkplatz Süd,10,0,2015-03-01,false\n"
        "Parkplatz West,10,0,2015-03-01,false,Süd,extra\n"
        "Parkplatz West,12,0,2015-03-01,false,Süd\n"
    )
    load = update_schema(actor=steward, resource=resource, schema=schema)
    assert load.state == TableLoad.State.LOADED  # the stored file still fits; now the new one
    load = replace_file(actor=steward, resource=resource, uploaded_file=csv_upload(bad))
    load.refresh_from_db()
    assert load.state == TableLoad.State.INVALID
    assert errors_of(load) == [
        (2, 2, "plaetze", "type-error"),
        (3, 1, "name", "constraint-error"),
        (3, 2, "plaetze", "constraint-error"),
        (3, 4, "geoeffnet_seit", "type-error"),
        (4, 6, "stadtteil", "constraint-error"),
        (5, 6, "stadtteil", "missing-cell"),
        (6, 7, "", "extra-cell"),
        (7, 1, "name", "unique-error"),
    ]
    assert load.error_count == 8
    assert load.rows_loaded == 0
    messages = [e["message"] for e in load.errors]
    assert messages[0] == (
        "Row 2, column “plaetze”: “viele” is not valid here; expected: whole number."
    )
    assert messages[-1] == (
        "Row 7, column “name”: “Parkplatz West” already appears in row 6, but each value "
        "may appear only once."
    )
    resource.refresh_from_db()
    assert resource.row_count == 4  # the good rows stay
    assert query.search(resource).total == 4
    assert tables_of(resource.pk) == [resource.datastore_table]
    assert resource.datastore_table != good_table  # the schema change loaded generation 2
    assert load.file_id != resource.file_id  # the good file stays the download


def test_a_valid_replacement_swaps_the_table_and_the_file(steward, dataset):
    resource = upload_table(steward, dataset)
    first_table, first_file = resource.datastore_table, resource.file
    text = PARKING_CSV + "Parkhaus Ost,300,1.00,2020-01-01,true,Ost\n"
    load = replace_file(actor=steward, resource=resource, uploaded_file=csv_upload(text))
    resource.refresh_from_db()
    assert load.state == TableLoad.State.LOADED
    assert resource.datastore_table == f"ods_{resource.pk.hex}_2"
    assert not table_exists(first_table)
    assert resource.file_id == load.file_id != first_file.pk
    assert not StoredFile.objects.filter(pk=first_file.pk).exists()
    assert resource.row_count == 5


def test_windows_1252_file_is_refused_with_a_hint_how_to_save_it(steward, dataset):
    speaks_english(steward)
    text = "Straße;Betrag\nMüllerstraße;3,50\n"
    with translation.override("en"):
        resource = upload_table(steward, dataset, upload=csv_upload(text, encoding="cp1252"))
    load = resource.loads.get()
    assert load.state == TableLoad.State.INVALID
    assert load.errors[0]["type"] == "encoding-error"
    assert "not saved in UTF-8" in load.errors[0]["message"]
    assert "CSV UTF-8" in load.errors[0]["message"]
    assert not resource.datastore_active
    assert tables_of(resource.pk) == []


def test_windows_1252_detected_late_in_the_file_names_the_row(steward, dataset):
    text = "Name;Wert\n" + "".join(f"Zeile {n};{n}\n" for n in range(3000)) + "Müller;1\n"
    resource = upload_table(steward, dataset, upload=csv_upload(text, encoding="cp1252"))
    load = resource.loads.get()
    assert [(e["type"], e["row"]) for e in load.errors] == [("encoding-error", 3002)]
    assert tables_of(resource.pk) == []


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("name,,wert", [(1, 2, "", "blank-label")]),
        ("name,wert,Wert", [(1, 3, "Wert", "duplicate-label")]),
        ("name,_id", [(1, 2, "_id", "incorrect-label")]),
        ("name," + "x" * 64, [(1, 2, "x" * 64, "incorrect-label")]),
        ('name,"a""b"', [(1, 2, 'a"b', "incorrect-label")]),
    ],
    ids=["blank", "duplicate-ignoring-case", "reserved", "too-long", "double-quote"],
)
def test_header_names_that_cannot_be_columns_are_refused(steward, dataset, header, expected):
    resource = upload_table(steward, dataset, header + "\n1,2,3\n")
    load = resource.loads.get()
    assert load.state == TableLoad.State.INVALID
    assert errors_of(load) == expected
    assert tables_of(resource.pk) == []


def test_blank_rows_inside_the_data_are_errors_but_trailing_ones_are_not(steward, dataset):
    text = "a,b\n1,2\n,\n3,4\n,\n\n"
    resource = upload_table(steward, dataset, text)
    load = resource.loads.get()
    assert errors_of(load) == [(3, None, "", "blank-row")]


def test_trailing_blank_rows_are_ignored(steward, dataset):
    resource = upload_table(steward, dataset, "a,b\n1,2\n3,4\n,\n\n")
    assert resource.loads.get().state == TableLoad.State.LOADED
    assert resource.row_count == 2


def test_schema_inferred_from_a_sample_is_checked_for_every_row(steward, dataset):
    text = "nummer\n" + "".join(f"{n}\n" for n in range(1500)) + "keine Zahl\n"
    resource = upload_table(steward, dataset, text)
    load = resource.loads.get()
    assert errors_of(load) == [(1502, 1, "nummer", "type-error")]
    # Nothing valid existed, so the steward can correct the inferred schema and check again.
    assert resource.schema == {"fields": [{"name": "nummer", "type": "integer"}]}
    load = update_schema(
        actor=steward, resource=resource, schema={"fields": [{"name": "nummer", "type": "string"}]}
    )
    assert load.state == TableLoad.State.LOADED
    resource.refresh_from_db()
    assert resource.row_count == 1501


def test_schema_change_is_checked_on_the_upload_the_report_was_about(steward, dataset):
    resource = upload_table(steward, dataset)
    bad = PARKING_CSV.replace("420", "n/a")
    load = replace_file(actor=steward, resource=resource, uploaded_file=csv_upload(bad))
    assert load.state == TableLoad.State.INVALID
    fields = [dict(f) for f in resource.schema["fields"]]
    fields[1]["missingValues"] = ["", "n/a"]
    load = update_schema(actor=steward, resource=resource, schema={"fields": fields})
    assert load.state == TableLoad.State.LOADED
    resource.refresh_from_db()
    assert resource.schema["fields"][1]["missingValues"] == ["", "n/a"]
    assert query.search(resource).records[0]["plaetze"] is None


def test_columns_missing_from_the_schema_or_the_file_are_reported(steward, dataset):
    resource = upload_table(steward, dataset)
    text = "name,plaetze,gebuehr,geoeffnet_seit,barrierefrei,bezirk\nA,1,1,2020-01-01,true,x\n"
    load = replace_file(actor=steward, resource=resource, uploaded_file=csv_upload(text))
    assert errors_of(load) == [
        (1, None, "stadtteil", "missing-label"),
        (1, 6, "bezirk", "extra-label"),
    ]
    load = replace_file(
        actor=steward, resource=resource, uploaded_file=csv_upload(text), infer_schema=True
    )
    assert load.state == TableLoad.State.LOADED
    resource.refresh_from_db()
    assert [f["name"] for f in resource.schema["fields"]][-1] == "bezirk"


def test_stored_error_list_is_capped_but_the_count_is_not(steward, dataset):
    resource = upload_table(steward, dataset, "zahl\n1\n")
    text = "zahl\n" + "x\n" * 1500
    load = replace_file(actor=steward, resource=resource, uploaded_file=csv_upload(text))
    assert load.error_count == 1500
    assert len(load.errors) == 1000


def test_upload_over_the_open_data_limit_is_refused_before_anything_is_stored(
    steward, dataset, settings
):
    settings.RATHAUS_OPENDATA_UPLOAD_MAX_BYTES = 1000
    with translation.override("en"), pytest.raises(OpenDataError) as refused:
        upload_table(steward, dataset, "a\n" + "1\n" * 600)
    assert str(refused.value.message) == "The file is too large. Files can be at most 1000 bytes."
    assert not StoredFile.objects.exists()
    assert not Resource.objects.exists()


def test_integers_beyond_64_bits_are_reported_not_crashing_the_load(steward, dataset):
    resource = upload_table(steward, dataset, "zahl\n1\n")
    load = replace_file(
        actor=steward, resource=resource, uploaded_file=csv_upload("zahl\n99999999999999999999\n")
    )
    assert errors_of(load) == [(2, 1, "zahl", "type-error")]


def test_spreadsheet_formulas_in_cells_are_loaded_as_plain_text(steward, dataset):
    resource = upload_table(steward, dataset, 'a,b\n"=HYPERLINK(""x"")",1\n')
    assert query.search(resource).records[0]["a"] == '=HYPERLINK("x")'


def test_stored_rows_keep_the_file_order_as_id(steward, dataset):
    resource = upload_table(steward, dataset)
    assert [row[0] for row in rows_of(resource.datastore_table, '"_id"')] == [1, 2, 3, 4]


def test_deleting_a_resource_drops_every_table_generation(steward, dataset):
    from ..datastore import tables
    from ..services.resources import delete_resource

    resource = upload_table(steward, dataset)
    leftover = tables.create_table(resource.pk, [])  # an interrupted load's table
    delete_resource(actor=steward, resource=resource)
    assert not table_exists(resource.datastore_table)
    assert not table_exists(leftover)


def test_deleting_the_town_drops_its_tables(steward, other_town):
    from rathaus.core.accounts.roles import Role
    from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory
    from rathaus.core.tenancy import for_town
    from rathaus.core.towns.deletion import delete_town

    with for_town(other_town):
        other_steward = StaffFactory()
        RoleAssignmentFactory(user=other_steward, role=Role.DATA_STEWARD, unit=None)
        resource = upload_table(other_steward, DatasetFactory())
    table = resource.datastore_table
    assert table_exists(table)
    delete_town(town=other_town)
    assert not table_exists(table)


def test_load_rows_replaces_the_table_all_or_nothing(steward, dataset):
    from ..datastore.loading import load_rows
    from .factories import ResourceFactory

    resource = ResourceFactory(dataset=dataset, format="CSV")
    schema = {
        "fields": [
            {"name": "monat", "type": "yearmonth"},
            {"name": "kategorie", "type": "string"},
            {"name": "anzahl", "type": "integer", "constraints": {"minimum": 0}},
        ]
    }
    rows = [
        {"monat": "2026-01", "kategorie": "Straßenschäden", "anzahl": 12},
        {"monat": "2026-02", "kategorie": "Beleuchtung", "anzahl": 7},
    ]
    assert load_rows(resource, schema, iter(rows)) == 2
    assert resource.row_count == 2 and resource.schema == schema
    table = resource.datastore_table
    with pytest.raises(DatastoreError, match="less than the minimum"):
        load_rows(resource, schema, [*rows, {"monat": "2026-03", "kategorie": "x", "anzahl": -1}])
    resource.refresh_from_db()
    assert (resource.datastore_table, resource.row_count) == (table, 2)
    assert tables_of(resource.pk) == [table]
    assert query.search(resource, sort="anzahl").records[0]["monat"] == "2026-02"
