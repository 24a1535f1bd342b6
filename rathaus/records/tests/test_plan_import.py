"""CSV import and export of the file plan: errors per line, all or nothing, round trip."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rathaus.core.jobs.models import Job
from rathaus.core.staff.tests.conftest import sign_in_verified
from rathaus.records.models import FilePlanEntry
from rathaus.records.services import plan as plan_services

from .factories import FilePlanEntryFactory

PLAN = (
    "code;title;parent_code;retention_years;disposal;description\r\n"
    "0;Allgemeine Verwaltung;;;A;\r\n"
    "02;Organisation;0;10;B;\r\n"
    '02.1;Geschäftsverteilung;02;;V;"Pläne; Zuständigkeiten"\r\n'
    "6;Bauwesen;;30;A;\r\n"
    "63.1;Baugenehmigungen;6;10;B;Anträge und Bescheide\r\n"
)


@pytest.fixture
def archivist_client(client, archivist):
    sign_in_verified(client, archivist)
    return client


def upload(text: str, name="plan.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def test_import_runs_as_job_and_creates_the_tree(archivist_client):
    response = archivist_client.post(reverse("records:plan_import"), {"file": upload(PLAN)})

    job = Job.objects.get()
    assert response.status_code == 302
    assert response.url == job.get_absolute_url()
    assert job.state == Job.State.SUCCEEDED
    assert job.done == job.total > 0
    assert "5 Positionen angelegt" in job.message
    assert job.result_url == reverse("records:plan")
    entry = FilePlanEntry.objects.get(code="02.1")
    assert entry.parent.code == "02" and entry.parent.parent.code == "0"
    assert entry.retention_years is None and entry.disposal == "V"
    assert entry.description == "Pläne; Zuständigkeiten"
    page = archivist_client.get(response.url)
    assert page.status_code == 200


def test_import_with_commas_updates_by_code(archivist):
    FilePlanEntryFactory(code="02", title="Alt", retention_years=3, disposal="V")
    text = "code,title,parent_code,retention_years,disposal,description\n02,Organisation,,10,A,\n"

    result = plan_services.import_plan(actor=archivist, text=text)

    assert result == {"created": 0, "updated": 1, "total": 1}
    entry = FilePlanEntry.objects.get(code="02")
    assert (entry.title, entry.retention_years, entry.disposal) == ("Organisation", 10, "A")


def test_errors_are_listed_per_line_and_nothing_is_written(archivist_client):
    text = (
        "code;title;parent_code;retention_years;disposal;description\n"
        "1;Gut;;10;A;\n"
        "1.1;;1;zehn;X;\n"
        "1 2;Leerzeichen;;;B;\n"
        "1;Doppelt;;;B;\n"
        "5.1;Waise;5;;B;\n"
    )
    response = archivist_client.post(reverse("records:plan_import"), {"file": upload(text)})

    assert response.status_code == 200
    page = response.content.decode()
    assert "nothing was imported" in page
    errors = response.context["errors"]
    lines = {line for line, _message in errors}
    assert lines == {3, 4, 5, 6}
    messages = " | ".join(f"{line}: {message}" for line, message in errors)
    assert "3: the title is missing" in messages
    assert "3: the retention period must be a whole number" in messages
    assert "3: the disposal decision must be A, B or V" in messages
    assert "4: the code “1 2” is not valid" in messages
    assert "5: the code 1 already appears on line 2" in messages
    assert "6: the parent position 5 is neither in the file nor in the plan" in messages
    assert '<th scope="col" class="kern-table__header">Line</th>' in page
    assert not FilePlanEntry.objects.exists()
    assert not Job.objects.exists()


def test_missing_columns_and_empty_file(archivist):
    parsed = plan_services.parse_plan_csv("code;name\n1;x\n")
    assert parsed.errors[0][0] == 1 and "Missing columns: title" in parsed.errors[0][1]
    assert plan_services.parse_plan_csv("").errors == [(1, "The file is empty.")]


def test_windows_1252_upload_is_read(archivist_client):
    text = "code;title\n7;Öffentliche Ordnung\n"
    archivist_client.post(reverse("records:plan_import"), {"file": upload(text, encoding="cp1252")})
    assert FilePlanEntry.objects.get(code="7").title == "Öffentliche Ordnung"


def test_import_then_export_round_trip(archivist, archivist_client):
    plan_services.import_plan(actor=archivist, text=PLAN)

    response = archivist_client.get(reverse("records:plan_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    exported = response.content.decode("utf-8-sig")
    assert exported == PLAN

    again = plan_services.import_plan(actor=archivist, text=exported)
    assert again == {"created": 0, "updated": 0, "total": 5}
    assert plan_services.export_plan_csv() == PLAN


def test_clerk_may_export_but_not_import(clerk_client, plan_entry):
    assert clerk_client.get(reverse("records:plan_export")).status_code == 200
    assert clerk_client.get(reverse("records:plan_import")).status_code == 404


def test_progress_is_reported_every_n_rows(archivist, monkeypatch):
    monkeypatch.setattr(plan_services, "PROGRESS_EVERY", 2)
    calls = []
    plan_services.import_plan(
        actor=archivist, text=PLAN, progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(2, 10), (4, 10), (5, 10), (7, 10), (9, 10), (10, 10)]
