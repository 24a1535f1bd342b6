"""A resource's public page (preview that pages and sorts, a chart only where the data suits
one), its downloads, and the steward's resource pages (upload, report, rules, replace,
delete)."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ..models import Dataset, Resource, TableLoad
from .datastore_samples import csv_upload, upload_table
from .factories import DatasetFactory

DISTRICTS = (
    "stadtteil,einwohner\n"
    "Kernstadt,12450\n"
    "Braunshardt,5120\n"
    "Gräfenhausen,7380\n"
    "Riedbahn,2000\n"
    "Schneppenhausen,3050\n"
)


def many_rows(count: int) -> str:
    return "nummer,wert\n" + "".join(f"Zeile {n:03d},{n * 10}\n" for n in range(1, count + 1))


def cells(html: str) -> list[str]:
    """The first cell of every row of the preview table."""
    preview = html.split('class="kern-table-responsive rh-od-preview"', 1)[1]
    body = preview.split('class="kern-table__body"', 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr class="kern-table__row"><td class="kern-table__cell">([^<]*)<', body)


@pytest.fixture
def dataset(statistics_unit):
    return DatasetFactory(name="einwohner", title="Einwohner", organization=statistics_unit)


def preview_url(resource) -> str:
    return reverse("opendata:resource", args=[resource.dataset.name, resource.pk])


def test_the_preview_shows_the_first_rows_and_pages(client, steward, dataset):
    resource = upload_table(steward, dataset, many_rows(45), name="Lange Tabelle")
    html = client.get(preview_url(resource)).content.decode()
    assert cells(html)[:2] == ["Zeile 001", "Zeile 002"] and len(cells(html)) == 20
    assert "Rows 1 to 20 of 45" in html
    assert "Showing 1 to 20 of 45" in html
    last = client.get(preview_url(resource), {"page": 3}).content.decode()
    assert cells(last) == [f"Zeile {n:03d}" for n in range(41, 46)]
    beyond = client.get(preview_url(resource), {"page": 9}).content.decode()
    assert cells(beyond) == cells(last)
    assert "rh-od-chart" not in html  # 45 rows are too many for a chart


def test_column_headings_sort_the_rows_both_ways(client, steward, dataset):
    resource = upload_table(steward, dataset, many_rows(45), name="Lange Tabelle")
    html = client.get(preview_url(resource)).content.decode()
    assert "?spalte=wert&amp;richtung=auf#preview" in html
    descending = client.get(preview_url(resource), {"spalte": "wert", "richtung": "ab"})
    html = descending.content.decode()
    assert cells(html)[0] == "Zeile 045"
    assert 'aria-sort="descending"' in html
    assert "sorted by wert, descending" in html
    # The next click on the same heading sorts ascending again; paging keeps the order.
    assert "?spalte=wert&amp;richtung=auf#preview" in html
    second = client.get(preview_url(resource), {"spalte": "wert", "richtung": "ab", "page": 2})
    assert cells(second.content.decode())[0] == "Zeile 025"
    assert "spalte=wert&amp;richtung=ab&amp;page=3" in second.content.decode()


def test_an_unknown_column_falls_back_to_the_file_order(client, steward, dataset):
    resource = upload_table(steward, dataset, many_rows(3), name="Kurz")
    response = client.get(preview_url(resource), {"spalte": "gibtsnicht"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "gibtsnicht" in html and "aria-sort" not in html
    assert cells(html) == ["Zeile 001", "Zeile 002", "Zeile 003"]


def test_a_small_table_of_names_and_numbers_gets_a_bar_chart(client, steward, dataset):
    resource = upload_table(steward, dataset, DISTRICTS, name="Stadtteile")
    html = client.get(preview_url(resource)).content.decode()
    svg = html.split('<svg class="rh-od-chart__svg"', 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg
    assert "Bar chart of einwohner by stadtteil" in svg
    assert svg.count("<rect") == 5
    assert "Gräfenhausen" in svg and "12,450" in svg  # labels and values are written out
    assert "The chart&#x27;s values as a table" in html or "The chart's values as a table" in html


def test_no_chart_for_a_table_of_text(client, steward, dataset):
    resource = upload_table(steward, dataset, "name,ort\nA,Nord\nB,Süd\n", name="Text")
    html = client.get(preview_url(resource)).content.decode()
    assert "rh-od-chart" not in html and "Preview of the table" in html


def test_downloads_of_the_table_and_the_original_file(client, steward, dataset):
    dataset.refresh_from_db()
    resource = upload_table(steward, dataset, DISTRICTS, name="Stadtteile 2025")
    args = [dataset.name, resource.pk]
    csv = client.get(reverse("opendata:table_csv", args=args))
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="einwohner-stadtteile-2025.csv"' in csv["Content-Disposition"]
    text = b"".join(csv.streaming_content).decode()
    assert text.splitlines()[0] == "stadtteil,einwohner" and "Gräfenhausen,7380" in text
    data = client.get(reverse("opendata:table_json", args=args))
    assert data["Content-Type"].startswith("application/json")
    assert ".json" in data["Content-Disposition"]
    parsed = json.loads(b"".join(data.streaming_content))
    assert "Riedbahn" in json.dumps(parsed, ensure_ascii=False)
    original = client.get(reverse("opendata:download", args=args))
    assert b"".join(original.streaming_content) == DISTRICTS.encode()
    assert "attachment" in original["Content-Disposition"]


def test_a_file_that_is_not_a_table_has_no_table_downloads(client, steward, dataset):
    from ..services.resources import add_resource

    resource = add_resource(
        actor=steward,
        dataset=dataset,
        name="Bericht",
        format="JSON",
        uploaded_file=SimpleUploadedFile("b.json", b'{"a": 1}', content_type="application/json"),
    )
    assert (
        client.get(reverse("opendata:table_csv", args=[dataset.name, resource.pk])).status_code
        == 404
    )
    html = client.get(preview_url(resource)).content.decode()
    assert "Preview of the table" not in html


def test_a_drafts_table_is_previewed_by_stewards_only(client, steward, steward_client, dataset):
    resource = upload_table(steward, dataset, DISTRICTS, name="Stadtteile")
    Dataset.objects.filter(pk=dataset.pk).update(state=Dataset.State.DRAFT)
    args = [dataset.name, resource.pk]
    assert steward_client.get(reverse("opendata:resource", args=args)).status_code == 200
    assert steward_client.get(reverse("opendata:table_csv", args=args)).status_code == 200
    steward_client.logout()
    for name in ("resource", "table_csv", "table_json", "download"):
        assert client.get(reverse(f"opendata:{name}", args=args)).status_code == 404


# ------------------------------------------------------------------ the steward's pages


def staff_url(resource, name="resource") -> str:
    return reverse(f"opendata_staff:{name}", args=[resource.dataset.name, resource.pk])


def test_uploading_a_table_shows_its_check(steward_client, dataset):
    response = steward_client.post(
        reverse("opendata_staff:resource_new", args=[dataset.name]),
        {"name": "Stadtteile", "description": "", "upload": csv_upload(DISTRICTS), "format": ""},
    )
    assert response.status_code == 302
    resource = Resource.objects.get(name="Stadtteile")
    assert resource.format == "CSV"  # recognised from the file name
    html = steward_client.get(response["Location"]).content.decode()
    assert "The file has no errors: 5 rows are in the table." in html
    assert "Column “einwohner”" in html


def test_adding_a_resource_keeps_the_input_on_errors(steward_client, dataset):
    url = reverse("opendata_staff:resource_new", args=[dataset.name])
    response = steward_client.post(url, {"name": "Karte", "description": "Alle Parkplätze"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Choose a file to upload, or enter an address below." in html
    assert 'value="Karte"' in html and "Alle Parkplätze" in html
    both = steward_client.post(
        url, {"name": "Karte", "url": "https://example.org/karte", "format": ""}
    )
    assert "The format cannot be recognised from the name; choose it." in both.content.decode()
    linked = steward_client.post(
        url, {"name": "Karte", "url": "https://example.org/karte.pdf", "format": ""}
    )
    assert linked.status_code == 302
    assert Resource.objects.get(name="Karte").format == "PDF"


def test_the_report_names_row_and_column_and_the_rules_can_be_changed(
    steward, steward_client, dataset
):
    resource = upload_table(steward, dataset, DISTRICTS.replace("2000", "zweitausend"), name="S")
    page = steward_client.get(staff_url(resource)).content.decode()
    assert 'name="schema-1-type"' in page
    data = {
        "schema-TOTAL_FORMS": "2",
        "schema-INITIAL_FORMS": "2",
        "schema-0-name": "stadtteil",
        "schema-0-type": "string",
        "schema-1-name": "einwohner",
        "schema-1-type": "integer",
        "schema-1-required": "on",
        "schema-1-minimum": "0",
    }
    response = steward_client.post(staff_url(resource, "resource_schema"), data)
    assert response.status_code == 302
    load = resource.loads.first()
    rules = load.schema["fields"][1]
    assert rules["type"] == "integer"
    assert rules["constraints"] == {"required": True, "minimum": 0}
    html = steward_client.get(staff_url(resource)).content.decode()
    assert "Errors found, nothing loaded" in html
    # The form keeps the rules that were tried, to be corrected further.
    assert '<option value="integer" selected>' in html.split('name="schema-1-type"', 1)[1]
    assert "These are the rules of the last check" in html
    report = html.split("Problems found", 1)[1]
    row = re.search(
        r'<td class="kern-table__cell kern-table__cell--numeric">(\d+)</td>\s*'
        r'<td class="kern-table__cell kern-table__cell--numeric">(\d+)</td>\s*'
        r'<td class="kern-table__cell">([^<]+)</td>',
        report,
    )
    assert row.groups() == ("5", "2", "einwohner")
    assert "zweitausend" in report
    # Fixing the file: the corrected upload loads and replaces the rows.
    response = steward_client.post(
        staff_url(resource, "resource_replace"), {"upload": csv_upload(DISTRICTS)}
    )
    assert response.status_code == 302
    assert resource.loads.first().state == TableLoad.State.LOADED


def test_bad_rules_are_refused_and_kept(steward, steward_client, dataset):
    resource = upload_table(steward, dataset, DISTRICTS, name="S")
    data = {
        "schema-TOTAL_FORMS": "2",
        "schema-INITIAL_FORMS": "2",
        "schema-0-name": "stadtteil",
        "schema-0-type": "string",
        "schema-0-pattern": "[a-",
        "schema-1-name": "einwohner",
        "schema-1-type": "integer",
        "schema-1-minimum": "100",
        "schema-1-maximum": "zehn",
    }
    response = steward_client.post(staff_url(resource, "resource_schema"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "This is not a valid regular expression." in html
    assert "Enter a number." in html
    assert 'value="[a-"' in html and 'value="zehn"' in html
    resource.refresh_from_db()
    assert "constraints" not in resource.schema["fields"][1]


def test_replacing_needs_a_file(steward, steward_client, dataset):
    resource = upload_table(steward, dataset, DISTRICTS, name="S")
    response = steward_client.post(staff_url(resource, "resource_replace"), {})
    assert response.status_code == 400
    assert "Choose a file to upload." in response.content.decode()


def test_editing_and_deleting_a_resource(steward, steward_client, dataset):
    resource = upload_table(steward, dataset, DISTRICTS, name="S")
    steward_client.post(
        staff_url(resource, "resource_edit"), {"name": "Stadtteile 2025", "description": "Neu"}
    )
    resource.refresh_from_db()
    assert (resource.name, resource.description) == ("Stadtteile 2025", "Neu")
    confirm = steward_client.get(staff_url(resource, "resource_delete"))
    assert "Delete “Stadtteile 2025”?" in confirm.content.decode()
    response = steward_client.post(staff_url(resource, "resource_delete"))
    assert response["Location"] == reverse("opendata_staff:dataset", args=[dataset.name])
    assert not Resource.objects.filter(pk=resource.pk).exists()
