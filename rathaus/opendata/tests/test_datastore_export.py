"""CSV and JSON downloads generated from the stored table: streamed in chunks, and in CSV no
cell a spreadsheet would run as a formula."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..datastore import export
from ..datastore.loading import load_rows
from ..exceptions import DatastoreError
from ..models import Dataset
from .factories import DatasetFactory, ResourceFactory

SCHEMA = {
    "fields": [
        {"name": "text", "type": "string"},
        {"name": "betrag", "type": "number"},
        {"name": "anzahl", "type": "integer"},
        {"name": "stichtag", "type": "date"},
        {"name": "ja", "type": "boolean"},
    ]
}


def table(rows, state=Dataset.State.PUBLISHED):
    resource = ResourceFactory(dataset=DatasetFactory(state=state), format="CSV")
    load_rows(resource, SCHEMA, rows)
    return resource


def read_csv(chunks) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(chunks).decode())))


def test_csv_escapes_cells_a_spreadsheet_would_run(statistics_unit):
    resource = table(
        [
            {"text": '=HYPERLINK("http://evil.example","Klick")', "betrag": "-12.5", "anzahl": -3},
            {"text": "+49 6151 0", "betrag": "1e3", "anzahl": 0},
            {"text": "-Rabatt", "betrag": "0.1", "anzahl": 1},
            {"text": "@SUM(A1:A2)", "betrag": None, "anzahl": None},
            {"text": "\tTab", "betrag": "100000000000000000000", "anzahl": 2},
            {"text": "\rZeile", "betrag": "2", "anzahl": 3},
            {"text": "Ganz normal, mit Komma", "betrag": "3.75", "anzahl": 4},
        ]
    )
    rows = read_csv(export.stream_csv(resource))
    assert rows[0] == ["text", "betrag", "anzahl", "stichtag", "ja"]
    assert [row[0] for row in rows[1:]] == [
        '\'=HYPERLINK("http://evil.example","Klick")',
        "'+49 6151 0",
        "'-Rabatt",
        "'@SUM(A1:A2)",
        "'\tTab",
        "'\rZeile",
        "Ganz normal, mit Komma",
    ]
    # Numbers are written plainly: negative numbers are not escaped, no exponents.
    assert [row[1:3] for row in rows[1:]] == [
        ["-12.5", "-3"],
        ["1000", "0"],
        ["0.1", "1"],
        ["", ""],
        ["100000000000000000000", "2"],
        ["2", "3"],
        ["3.75", "4"],
    ]


def test_csv_header_names_are_escaped_too(steward, statistics_unit):
    from .datastore_samples import upload_table

    resource = upload_table(steward, DatasetFactory(), "=Summe,b\n1,2\n")
    assert read_csv(export.stream_csv(resource))[0] == ["'=Summe", "b"]


def test_csv_with_byte_order_mark_for_excel(statistics_unit):
    resource = table([{"text": "Müller"}])
    data = b"".join(export.stream_csv(resource, bom=True))
    assert data.startswith("\ufefftext,".encode())
    assert "Müller".encode() in data


def test_json_download_has_fields_and_typed_records(statistics_unit):
    resource = table(
        [
            {"text": "A", "betrag": "1.50", "anzahl": 3, "stichtag": "2026-01-31", "ja": True},
            {"text": "B", "betrag": None, "anzahl": None, "stichtag": None, "ja": False},
        ]
    )
    document = json.loads(b"".join(export.stream_json(resource)))
    assert document == {
        "fields": [
            {"id": "text", "type": "text"},
            {"id": "betrag", "type": "numeric"},
            {"id": "anzahl", "type": "int"},
            {"id": "stichtag", "type": "date"},
            {"id": "ja", "type": "bool"},
        ],
        "records": [
            {"text": "A", "betrag": 1.5, "anzahl": 3, "stichtag": "2026-01-31", "ja": True},
            {"text": "B", "betrag": None, "anzahl": None, "stichtag": None, "ja": False},
        ],
    }


def test_empty_table_downloads(statistics_unit):
    resource = table([])
    assert read_csv(export.stream_csv(resource)) == [["text", "betrag", "anzahl", "stichtag", "ja"]]
    assert json.loads(b"".join(export.stream_json(resource)))["records"] == []


@pytest.mark.parametrize("stream", [export.stream_csv, export.stream_json])
def test_large_tables_stream_in_chunks_read_a_batch_at_a_time(statistics_unit, stream):
    rows = 12_000
    resource = table({"text": f"Zeile {n}", "anzahl": n} for n in range(rows))

    def batches_read() -> int:
        return sum(resource.datastore_table in q["sql"] for q in queries.captured_queries)

    with CaptureQueriesContext(connection) as queries:
        chunks = stream(resource)
        first = next(chunks)
        assert batches_read() == 1  # only the first batch has been read so far
        rest = list(chunks)
    assert batches_read() == 3  # 12,000 rows in batches of 5,000
    assert len(rest) >= 2 and max(len(chunk) for chunk in [first, *rest]) < 200 * 1024
    assert b"".join([first, *rest]).count(b"Zeile") == rows


def test_drafts_download_only_in_a_preview(statistics_unit):
    resource = table([{"text": "x"}], state=Dataset.State.DRAFT)
    with pytest.raises(DatastoreError):
        export.stream_csv(resource)
    assert read_csv(export.stream_csv(resource, include_drafts=True))[1][0] == "x"
