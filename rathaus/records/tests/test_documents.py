"""Documents: upload into a procedure, refusals of bad files, duplicates, versions, download
checked against the SHA-256, audited reading of personal data, and 404 for others."""

import errno
import hashlib
import os
import tempfile

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from rathaus.core.audit.models import AuditEntry
from rathaus.core.uploads.models import StoredFile
from rathaus.records.models import Document, DocumentVersion

from .conftest import sign_in_verified
from .factories import DocumentFactory, add_version
from .factories_b import (
    docx_bytes,
    encrypted_pdf,
    image_bytes,
    odt_bytes,
    procedure_of,
    scan_image,
    text_pdf,
    upload,
)


@pytest.fixture
def procedure(units):
    return procedure_of(units["building"], title="Gartenhaus Lindenweg 3")


def upload_url(procedure):
    return reverse("records:document_upload", args=[procedure.pk])


def post_upload(client, procedure, content, name, **fields):
    data = {"title": "Antrag", "kind": "incoming", "file": upload(content, name), **fields}
    return client.post(upload_url(procedure), data)


def stored_files(tmp_path):
    root = tmp_path / "files"
    return [
        os.path.join(d, f)
        for d, _dirs, files in os.walk(root)
        for f in files
        if ".incoming" not in d
    ] + [os.path.join(d, f) for d, _dirs, files in os.walk(root / ".incoming") for f in files]


def form_errors(response) -> str:
    return " ".join(str(e) for errors in response.context["form"].errors.values() for e in errors)


class TestUpload:
    def test_clerk_files_a_pdf_with_its_text(self, clerk_client, clerk, procedure):
        response = post_upload(
            clerk_client,
            procedure,
            text_pdf("Bauantrag Gartenhaus Lindenweg"),
            "Antrag.pdf",
            **{"received_on_0": "3", "received_on_1": "11", "received_on_2": "2026"},
        )
        document = Document.objects.get(procedure=procedure)
        assert response.status_code == 302
        assert response["Location"] == reverse("records:document_detail", args=[document.pk])
        version = document.current_version
        assert version.number == 1
        assert version.created_by == clerk
        assert version.original_name == "Antrag.pdf"
        assert version.text_state == DocumentVersion.TextState.DONE
        assert "Gartenhaus" in version.text
        assert str(document.received_on) == "2026-11-03"
        assert AuditEntry.objects.filter(object_id=str(document.pk), action="create").exists()

    @pytest.mark.parametrize(
        ("content", "name", "word"),
        [
            (docx_bytes("Stellungnahme Bauaufsicht"), "Stellungnahme.docx", "Bauaufsicht"),
            (odt_bytes("Stellungnahme Ordnungsamt"), "Stellungnahme.odt", "Ordnungsamt"),
            ("Grüße aus Weiterstadt".encode(), "notiz.txt", "Grüße"),
            ("Grüße aus dem alten Fachverfahren".encode("cp1252"), "export.txt", "Grüße"),
        ],
    )
    def test_office_and_text_files_give_their_text(
        self, clerk_client, procedure, content, name, word
    ):
        post_upload(clerk_client, procedure, content, name)
        version = Document.objects.get(procedure=procedure).current_version
        assert version.text_state == DocumentVersion.TextState.DONE
        assert word in version.text

    def test_tiff_scan_is_accepted(self, clerk_client, procedure, monkeypatch):
        monkeypatch.setattr(
            "rathaus.records.services.documents.start_text_recognition",
            lambda **kwargs: None,
        )
        post_upload(clerk_client, procedure, image_bytes(scan_image(), "TIFF"), "scan.tif")
        version = Document.objects.get(procedure=procedure).current_version
        assert version.content_type == "image/tiff"
        assert version.text_state == DocumentVersion.TextState.PENDING

    @pytest.mark.parametrize(
        ("content", "name", "message"),
        [
            (image_bytes(scan_image(size=(200, 100)), "PNG"), "rechnung.pdf", "does not match"),
            (b"<html><script>alert(1)</script></html>", "antrag.pdf", "does not match"),
            (b"Just text", "programm.exe", "does not match"),
            (encrypted_pdf(), "geheim.pdf", "password"),
            (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer", "kaputt.pdf", "damaged"),
            (b"GIF89a" + b"\0" * 100, "bild.gif", "not accepted"),
            (b"MZ\x90\x00" + b"\0" * 200, "tool.exe", "not accepted"),
        ],
    )
    def test_bad_files_are_refused_and_nothing_stays(
        self, clerk_client, procedure, tmp_path, content, name, message
    ):
        response = post_upload(clerk_client, procedure, content, name)
        assert response.status_code == 200
        assert message in form_errors(response)
        assert not Document.objects.exists()
        assert not StoredFile.objects.exists()
        assert stored_files(tmp_path) == []

    def test_file_over_the_limit_is_refused(self, clerk_client, procedure, settings, tmp_path):
        settings.RATHAUS_UPLOAD_MAX_BYTES = 1000
        response = post_upload(clerk_client, procedure, b"x" * 1001, "gross.txt")
        assert "too large" in form_errors(response)
        assert not DocumentVersion.objects.exists()
        assert stored_files(tmp_path) == []

    def test_path_and_control_characters_leave_the_name(self, clerk_client, procedure):
        post_upload(clerk_client, procedure, b"Inhalt", "..\\..\\etc/pass\x07wd.txt")
        version = Document.objects.get().current_version
        assert version.original_name == "passwd.txt"
        assert "/" not in version.stored_file.storage_name.rpartition("/")[2].replace(".", "")

    def test_full_disk_stores_nothing_and_says_so(
        self, clerk_client, procedure, tmp_path, monkeypatch
    ):
        real = tempfile.NamedTemporaryFile

        def full_disk(*args, **kwargs):
            handle = real(*args, **kwargs)

            def write(data):
                raise OSError(errno.ENOSPC, "No space left on device")

            handle.write = write
            return handle

        monkeypatch.setattr("rathaus.core.uploads.services.tempfile.NamedTemporaryFile", full_disk)
        response = post_upload(clerk_client, procedure, text_pdf(), "Antrag.pdf")
        assert response.status_code == 200
        assert "storage is full" in form_errors(response)
        assert not StoredFile.objects.exists()
        assert not DocumentVersion.objects.exists()
        assert stored_files(tmp_path) == []

    def test_duplicate_warns_keeps_fields_and_files_after_confirmation(
        self, clerk_client, procedure
    ):
        content = text_pdf("Nachbarbeteiligung")
        post_upload(clerk_client, procedure, content, "erste.pdf", title="Erste")
        response = post_upload(clerk_client, procedure, content, "zweite.pdf", title="Zweite")
        assert response.status_code == 200
        assert "already in this procedure" in form_errors(response)
        assert 'value="Zweite"' in response.content.decode()
        assert 'name="upload_anyway"' in response.content.decode()
        assert Document.objects.count() == 1

        response = post_upload(
            clerk_client, procedure, content, "zweite.pdf", title="Zweite", upload_anyway="on"
        )
        assert response.status_code == 302
        assert Document.objects.count() == 2

    def test_same_file_in_another_procedure_is_no_duplicate(self, clerk_client, units):
        first, second = procedure_of(units["building"]), procedure_of(units["building"])
        content = text_pdf("Gleich")
        post_upload(clerk_client, first, content, "a.pdf")
        assert post_upload(clerk_client, second, content, "a.pdf").status_code == 302

    def test_upload_page_is_refused_for_others(self, client, other_clerk, procedure):
        sign_in_verified(client, other_clerk)
        assert client.get(upload_url(procedure)).status_code == 404
        assert post_upload(client, procedure, text_pdf(), "a.pdf").status_code == 404
        assert not Document.objects.exists()

    def test_procedure_page_lists_documents_and_offers_upload(self, clerk_client, procedure):
        post_upload(clerk_client, procedure, text_pdf(), "Antrag.pdf", title="Bauantrag")
        page = clerk_client.get(reverse("records:procedure_detail", args=[procedure.pk]))
        content = page.content.decode()
        assert "Bauantrag" in content
        assert upload_url(procedure) in content


class TestVersions:
    def test_new_version_keeps_the_earlier_one(self, clerk_client, clerk, procedure):
        post_upload(clerk_client, procedure, text_pdf("Entwurf eins"), "Bescheid.pdf")
        document = Document.objects.get()
        url = reverse("records:document_version_upload", args=[document.pk])
        response = clerk_client.post(
            url,
            {
                "file": upload(text_pdf("Entwurf zwei"), "Bescheid-2.pdf"),
                "comment": "Korrigiert",
                "version": document.version,
            },
        )
        assert response.status_code == 302
        numbers = list(document.versions.order_by("number").values_list("number", flat=True))
        assert numbers == [1, 2]
        document.refresh_from_db()
        assert document.current_version.number == 2
        assert "zwei" in document.current_version.text

        page = clerk_client.get(reverse("records:document_detail", args=[document.pk]))
        content = page.content.decode()
        for version in document.versions.all():
            assert version.sha256 in content
            assert reverse("records:document_download", args=[version.pk]) in content
        assert "Korrigiert" in content
        assert "Clara" in content

    def test_stale_version_form_gets_a_conflict(self, clerk_client, procedure):
        post_upload(clerk_client, procedure, text_pdf("eins"), "a.pdf")
        document = Document.objects.get()
        url = reverse("records:document_version_upload", args=[document.pk])
        clerk_client.post(url, {"file": upload(text_pdf("zwei"), "b.pdf"), "version": 1})
        response = clerk_client.post(
            url, {"file": upload(text_pdf("drei"), "c.pdf"), "version": 1, "comment": "mein"}
        )
        assert response.status_code == 200
        assert "changed this in the meantime" in form_errors(response)
        assert document.versions.count() == 2
        assert 'value="mein"' in response.content.decode()


class TestDownload:
    def test_download_gives_the_content_with_a_safe_name(self, clerk_client, procedure):
        content = "Grüße".encode()
        post_upload(clerk_client, procedure, content, 'Brief "neu";.txt')
        version = Document.objects.get().current_version
        response = clerk_client.get(reverse("records:document_download", args=[version.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Disposition"] == (
            "attachment; filename=\"Brief _neu__.txt\"; filename*=UTF-8''Brief%20%22neu%22%3B.txt"
        )
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_damaged_content_is_never_served(self, clerk_client, procedure, caplog):
        post_upload(clerk_client, procedure, b"Original content", "a.txt")
        version = Document.objects.get().current_version
        with default_storage.open(version.stored_file.storage_name, "wb") as handle:
            handle.write(b"Tampered content")
        response = clerk_client.get(reverse("records:document_download", args=[version.pk]))
        assert response.status_code == 500
        body = response.content.decode()
        assert "damaged" in body
        assert "Tampered" not in body
        assert AuditEntry.objects.filter(summary="stored content damaged").exists()
        assert any("checksum" in record.getMessage() for record in caplog.records)

    def test_missing_content_is_reported(self, clerk_client, procedure):
        post_upload(clerk_client, procedure, b"Original", "a.txt")
        version = Document.objects.get().current_version
        default_storage.delete(version.stored_file.storage_name)
        response = clerk_client.get(reverse("records:document_download", args=[version.pk]))
        assert response.status_code == 500

    def test_reading_personal_data_is_audited(self, clerk_client, clerk, procedure):
        post_upload(clerk_client, procedure, b"Gesundheitsdaten", "a.txt", has_personal_data="on")
        version = Document.objects.get().current_version
        clerk_client.get(reverse("records:document_download", args=[version.pk]))
        entry = AuditEntry.objects.get(summary="document read")
        assert entry.action == AuditEntry.Action.VIEW
        assert entry.actor_id == str(clerk.pk)

    def test_personal_data_of_the_file_also_counts(self, clerk_client, procedure):
        procedure.file.has_personal_data = True
        procedure.file.save()
        post_upload(clerk_client, procedure, b"Inhalt", "a.txt")
        version = Document.objects.get().current_version
        clerk_client.get(reverse("records:document_download", args=[version.pk]))
        assert AuditEntry.objects.filter(summary="document read").count() == 1

    def test_reading_without_personal_data_is_not_audited(self, clerk_client, procedure):
        post_upload(clerk_client, procedure, b"Inhalt", "a.txt")
        version = Document.objects.get().current_version
        clerk_client.get(reverse("records:document_download", args=[version.pk]))
        assert not AuditEntry.objects.filter(summary="document read").exists()


class TestOthersGet404:
    @pytest.fixture
    def document(self, units):
        document = DocumentFactory(procedure=procedure_of(units["building"]), title="Lindenweg")
        add_version(document, b"Geheim")
        return document

    def test_other_clerk_gets_404_for_detail_download_and_version(
        self, client, other_clerk, document
    ):
        sign_in_verified(client, other_clerk)
        version = document.current_version
        for url in (
            reverse("records:document_detail", args=[document.pk]),
            reverse("records:document_download", args=[version.pk]),
            reverse("records:document_version_upload", args=[document.pk]),
            reverse("records:document_from_template", args=[document.procedure_id]),
        ):
            response = client.get(url)
            assert response.status_code == 404, url
            assert b"Geheim" not in response.content
            assert b"Lindenweg" not in response.content

    def test_clerk_of_the_unit_sees_it(self, clerk_client, document):
        response = clerk_client.get(reverse("records:document_detail", args=[document.pk]))
        assert response.status_code == 200
        assert hashlib.sha256(b"Geheim").hexdigest() in response.content.decode()


class TestQueryCounts:
    def _count(self, client, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    def test_document_detail_is_constant_in_versions(self, clerk_client, units):
        document = DocumentFactory(procedure=procedure_of(units["building"]))
        add_version(document, b"eins")
        url = reverse("records:document_detail", args=[document.pk])
        one = self._count(clerk_client, url)
        for number in range(20):
            add_version(document, f"v{number}".encode())
        assert self._count(clerk_client, url) == one

    def test_procedure_documents_list_is_constant(self, clerk_client, units):
        procedure = procedure_of(units["building"])
        add_version(DocumentFactory(procedure=procedure), b"eins")
        url = reverse("records:procedure_detail", args=[procedure.pk])
        one = self._count(clerk_client, url)
        for number in range(20):
            add_version(DocumentFactory(procedure=procedure), f"d{number}".encode())
        assert self._count(clerk_client, url) == one
