"""Text recognition (OCR) of scans: a background job with progress runs ocrmypdf with
German tesseract; the original stays as uploaded, only the text is kept."""

import pytest
from django.urls import reverse

from rathaus.core.jobs.models import Job
from rathaus.core.uploads.services import open_stored
from rathaus.records.models import Document, DocumentVersion
from rathaus.records.text_extraction import extract_text

from .factories_b import image_bytes, procedure_of, scan_image, scanned_pdf, text_pdf, upload


@pytest.fixture
def procedure(units):
    return procedure_of(units["building"])


def post_scan(client, procedure, content, name):
    return client.post(
        reverse("records:document_upload", args=[procedure.pk]),
        {"title": "Posteingang", "kind": "incoming", "file": upload(content, name)},
    )


def test_pdf_without_text_layer_needs_ocr():
    assert extract_text(scanned_pdf(), "application/pdf") is None
    assert "Lindenweg" in extract_text(text_pdf("Bauantrag Lindenweg"), "application/pdf")


def test_scanned_pdf_is_read_by_the_ocr_job(clerk_client, clerk, procedure):
    content = scanned_pdf(("Baugenehmigung", "Stadt Weiterstadt"))
    response = post_scan(clerk_client, procedure, content, "scan.pdf")
    assert response.status_code == 302

    version = Document.objects.get().current_version
    assert version.text_state == DocumentVersion.TextState.DONE
    assert "Baugenehmigung" in version.text
    job = version.ocr_job
    assert job.state == Job.State.SUCCEEDED
    assert job.started_by == clerk
    assert job.done == job.total > 0
    assert job.result_url == reverse("records:document_detail", args=[version.document_id])
    # The original is kept as uploaded.
    with open_stored(version.stored_file) as handle:
        assert handle.read() == content


def test_png_scan_is_read_too(clerk_client, procedure):
    post_scan(clerk_client, procedure, image_bytes(scan_image(("Gartenhaus",)), "PNG"), "s.png")
    version = Document.objects.get().current_version
    assert version.text_state == DocumentVersion.TextState.DONE
    assert "Gartenhaus" in version.text


def test_detail_page_links_to_the_waiting_job(clerk_client, procedure, settings):
    # No worker takes the job yet: it waits, and the page links to its progress.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    post_scan(clerk_client, procedure, scanned_pdf(), "scan.pdf")
    version = Document.objects.get().current_version
    assert version.text_state == DocumentVersion.TextState.PENDING
    page = clerk_client.get(reverse("records:document_detail", args=[version.document_id]))
    assert reverse("jobs:detail", args=[version.ocr_job_id]) in page.content.decode()


def test_failed_ocr_keeps_the_document(clerk_client, procedure, monkeypatch):
    from rathaus.records import tasks_documents

    def broken(*args, **kwargs):
        raise tasks_documents.RecognitionFailed("tesseract crashed")

    monkeypatch.setattr(tasks_documents, "recognise_text", broken)
    response = post_scan(clerk_client, procedure, scanned_pdf(), "scan.pdf")
    assert response.status_code == 302
    version = Document.objects.get().current_version
    assert version.text_state == DocumentVersion.TextState.FAILED
    assert version.ocr_job.state == Job.State.FAILED
    page = clerk_client.get(reverse("records:document_detail", args=[version.document_id]))
    assert "Text recognition failed" in page.content.decode()


def test_plain_text_in_windows_1252_is_read():
    assert extract_text("Straße Grüße".encode("cp1252"), "text/plain") == "Straße Grüße"
    assert extract_text("\ufeffStraße".encode(), "text/plain") == "Straße"


def test_unreadable_office_file_gives_no_text():
    assert extract_text(b"PK\x03\x04broken", "application/vnd.oasis.opendocument.text") == ""
