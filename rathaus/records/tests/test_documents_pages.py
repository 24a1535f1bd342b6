"""The document pages render for the clerk: upload form, version form, letter form."""

import pytest
from django.urls import reverse

from rathaus.records.models import Document

from .factories_b import procedure_of, text_pdf, upload


@pytest.fixture
def procedure(units):
    return procedure_of(units["building"], title="Gartenhaus")


def test_upload_page_offers_every_field(clerk_client, procedure):
    page = clerk_client.get(reverse("records:document_upload", args=[procedure.pk]))
    content = page.content.decode()
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in content
    for name in ("title", "kind", "received_on_0", "has_personal_data", "file"):
        assert f'name="{name}"' in content
    assert ".pdf" in content and ".tif" in content
    assert 'name="upload_anyway"' not in content


def test_version_page_carries_the_version(clerk_client, procedure):
    clerk_client.post(
        reverse("records:document_upload", args=[procedure.pk]),
        {"title": "Antrag", "kind": "incoming", "file": upload(text_pdf(), "a.pdf")},
    )
    document = Document.objects.get()
    page = clerk_client.get(reverse("records:document_version_upload", args=[document.pk]))
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.content.decode()
    detail = clerk_client.get(reverse("records:document_detail", args=[document.pk]))
    assert "Clara Klein" in detail.content.decode()
    assert "Text available" in detail.content.decode()


def test_version_upload_warns_about_a_duplicate(clerk_client, procedure):
    content = text_pdf("gleich")
    clerk_client.post(
        reverse("records:document_upload", args=[procedure.pk]),
        {"title": "Antrag", "kind": "incoming", "file": upload(content, "a.pdf")},
    )
    document = Document.objects.get()
    url = reverse("records:document_version_upload", args=[document.pk])
    response = clerk_client.post(url, {"file": upload(content, "b.pdf"), "version": 1})
    assert response.status_code == 200
    assert 'name="upload_anyway"' in response.content.decode()
    assert document.versions.count() == 1
    response = clerk_client.post(
        url, {"file": upload(content, "b.pdf"), "version": 1, "upload_anyway": "on"}
    )
    assert response.status_code == 302
    assert document.versions.count() == 2


def test_closed_file_takes_no_documents(clerk_client, procedure):
    procedure.file.state = "closed"
    procedure.file.save()
    url = reverse("records:document_upload", args=[procedure.pk])
    response = clerk_client.post(
        url, {"title": "Antrag", "kind": "incoming", "file": upload(text_pdf(), "a.pdf")}
    )
    assert response.status_code == 302
    assert not Document.objects.exists()
    page = clerk_client.get(reverse("records:procedure_detail", args=[procedure.pk]))
    assert url not in page.content.decode()
