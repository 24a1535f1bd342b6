"""Letters from templates: the town's letterhead, rendered to PDF/A and filed as a new
outgoing document; rendering never reaches the network."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from rathaus.core.uploads.services import open_stored
from rathaus.records.letters import render_letter_pdf
from rathaus.records.models import Document, DocumentVersion

from .conftest import sign_in_verified
from .factories_b import procedure_of


@pytest.fixture
def procedure(units, town):
    town.street = "Riedbahnstraße 6"
    town.postcode = "64331"
    town.city = "Weiterstadt"
    town.save()
    return procedure_of(units["building"], title="Gartenhaus Lindenweg 3")


def letter_data(**overrides):
    return {
        "template": "notice",
        "title": "Baugenehmigung",
        "recipient": "Frau Erika Muster\nLindenweg 3\n64331 Weiterstadt",
        "subject": "Ihr Bauantrag vom 3. November",
        "body": "Sehr geehrte Frau Muster,\n\nhiermit genehmigen wir das Gartenhaus.",
        **overrides,
    }


def test_notice_is_rendered_to_pdf_a_and_filed(clerk_client, clerk, procedure):
    url = reverse("records:document_from_template", args=[procedure.pk])
    assert clerk_client.get(url).status_code == 200
    response = clerk_client.post(url, letter_data())
    document = Document.objects.get(procedure=procedure)
    assert response.status_code == 302
    assert response["Location"] == reverse("records:document_detail", args=[document.pk])
    assert document.kind == Document.Kind.OUTGOING
    assert document.title == "Baugenehmigung"
    version = document.current_version
    assert version.number == 1
    assert version.created_by == clerk
    assert version.content_type == "application/pdf"

    with open_stored(version.stored_file) as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    metadata = reader.xmp_metadata
    assert metadata is not None
    xmp = metadata.stream.get_data().decode()
    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="B"' in xmp

    # Its text was extracted for search: letterhead, reference and body.
    assert version.text_state == DocumentVersion.TextState.DONE
    assert "Stadt Weiterstadt" in version.text
    assert "Riedbahnstraße 6" in version.text
    assert procedure.reference in version.text
    assert "Gartenhaus" in version.text


def test_letter_template_renders_too(clerk_client, procedure):
    url = reverse("records:document_from_template", args=[procedure.pk])
    clerk_client.post(url, letter_data(template="letter", title="Anschreiben"))
    assert Document.objects.get().current_version.text_state == "done"


def test_remote_resources_are_never_fetched(monkeypatch, town):
    import urllib.request

    def no_network(*args, **kwargs):
        raise AssertionError("network access")

    monkeypatch.setattr(urllib.request, "urlopen", no_network)
    pdf = render_letter_pdf(
        template="letter",
        context={
            "town": town,
            "logo": "https://example.org/logo.png",
            "recipient_lines": ["Someone"],
            "subject": "Test",
            "paragraphs": ["<img src='https://example.org/x.png'>"],
            "reference": "1",
            "author": None,
            "date": None,
            "title": "Letter",
        },
    )
    assert pdf.startswith(b"%PDF")


def test_other_clerk_gets_404(client, other_clerk, procedure):
    sign_in_verified(client, other_clerk)
    url = reverse("records:document_from_template", args=[procedure.pk])
    assert client.post(url, letter_data()).status_code == 404
    assert not Document.objects.exists()


@pytest.mark.parametrize("url", ["https://example.org/logo.png", "file:///etc/passwd"])
def test_url_fetcher_refuses_everything_but_data(url):
    from rathaus.core.pdf import url_fetcher

    with pytest.raises(ValueError, match="disallowed protocol"):
        url_fetcher().fetch(url)


def test_town_logo_is_embedded(clerk_client, procedure, town):
    from rathaus.core.uploads.services import store_upload

    from .factories_b import image_bytes, scan_image, upload

    town.logo = store_upload(
        uploaded_file=upload(image_bytes(scan_image(("Wappen",), size=(200, 200)), "PNG"), "l.png"),
        kinds={"png"},
        is_public=True,
    )
    town.save()
    url = reverse("records:document_from_template", args=[procedure.pk])
    clerk_client.post(url, letter_data())
    version = Document.objects.get().current_version
    with open_stored(version.stored_file) as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    assert reader.pages[0].images
