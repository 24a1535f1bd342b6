"""store_upload accepts a file by what it contains, within the size limit, and stores it
under a name the server chooses; nothing is left behind when it refuses."""

import hashlib
import os
import re
from pathlib import Path
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.tenancy import ScopeError, for_town, scopes_disabled
from rathaus.core.uploads.exceptions import (
    CorruptedFile,
    EmptyFile,
    FileTooLarge,
    FileTypeNotAllowed,
)
from rathaus.core.uploads.models import StoredFile
from rathaus.core.uploads.services import (
    accept_attribute,
    delete_stored_file,
    open_stored,
    store_upload,
    town_prefix,
)

from . import samples

DOCUMENTS = {"pdf", "png", "jpeg"}


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_paths() -> list[Path]:
    root = Path(default_storage.location)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def test_png_named_pdf_is_stored_as_png():
    stored = store_upload(uploaded_file=upload("scan.pdf", samples.png()), kinds=DOCUMENTS)
    assert (stored.content_type, stored.extension) == ("image/png", "png")
    assert stored.original_name == "scan.pdf"
    assert stored.storage_name.endswith(".png")


def test_png_is_refused_where_only_pdf_is_allowed():
    with pytest.raises(FileTypeNotAllowed):
        store_upload(uploaded_file=upload("scan.pdf", samples.png()), kinds={"pdf"})
    assert stored_paths() == []


def test_program_renamed_to_pdf_is_refused_and_nothing_stored():
    with pytest.raises(FileTypeNotAllowed) as excinfo:
        store_upload(uploaded_file=upload("rechnung.pdf", samples.exe()), kinds=DOCUMENTS)
    assert StoredFile.objects.count() == 0
    assert stored_paths() == []
    with translation.override("de"):
        assert "nicht angenommen" in str(excinfo.value.message)
        assert "JPEG, PDF, PNG" in str(excinfo.value.message)


def test_plain_zip_is_not_an_office_document():
    with pytest.raises(FileTypeNotAllowed):
        store_upload(
            uploaded_file=upload("a.docx", samples.zip_archive()), kinds={"docx", "xlsx", "odt"}
        )


@pytest.mark.parametrize(
    ("content", "kind", "content_type"),
    [
        (samples.pdf(), "pdf", "application/pdf"),
        (samples.jpeg(), "jpeg", "image/jpeg"),
        (
            samples.docx(),
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            samples.xlsx(),
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (samples.odt(), "odt", "application/vnd.oasis.opendocument.text"),
    ],
)
def test_binary_kinds_are_recognised_by_content(content, kind, content_type):
    stored = store_upload(uploaded_file=upload("upload.bin", content), kinds={kind})
    assert stored.content_type == content_type


def test_file_over_the_limit_is_refused_with_a_translated_message():
    with pytest.raises(FileTooLarge) as excinfo:
        store_upload(uploaded_file=upload("a.pdf", samples.pdf()), kinds={"pdf"}, max_bytes=10)
    with translation.override("de"):
        assert str(excinfo.value.message) == (
            "Die Datei ist zu groß. Dateien dürfen höchstens 10 Bytes groß sein."
        )


def test_default_limit_comes_from_settings(settings):
    settings.RATHAUS_UPLOAD_MAX_BYTES = 20
    with pytest.raises(FileTooLarge):
        store_upload(uploaded_file=upload("a.pdf", samples.pdf()), kinds={"pdf"})


class UnsizedStream:
    """An upload whose size is not known in advance, arriving in chunks."""

    name = "gross.pdf"
    size = None

    def __init__(self, chunks):
        self._chunks = chunks

    def chunks(self):
        yield from self._chunks


def test_limit_is_enforced_while_streaming_and_no_temporary_file_remains():
    stream = UnsizedStream([samples.pdf(), b"x" * 1000, b"y" * 1000])
    with pytest.raises(FileTooLarge):
        store_upload(uploaded_file=stream, kinds={"pdf"}, max_bytes=1500)
    assert stored_paths() == []
    assert StoredFile.objects.count() == 0


def test_stored_file_is_removed_when_the_database_refuses_the_record():
    with (
        mock.patch.object(StoredFile.objects, "create", side_effect=RuntimeError("db down")),
        pytest.raises(RuntimeError),
    ):
        store_upload(uploaded_file=upload("a.pdf", samples.pdf()), kinds={"pdf"})
    assert stored_paths() == []


def test_empty_file_is_refused():
    with pytest.raises(EmptyFile) as excinfo:
        store_upload(uploaded_file=upload("leer.pdf", b""), kinds={"pdf"})
    with translation.override("de"):
        assert str(excinfo.value.message) == "Die Datei ist leer."


def test_storage_name_is_server_generated_sharded_and_below_the_town(town):
    stored = store_upload(
        uploaded_file=upload("../../etc/Bescheid.pdf", samples.pdf()),
        kinds={"pdf"},
        uploaded_by=UserFactory(),
    )
    prefix = f"towns/{town.pk}/"
    assert stored.storage_name.startswith(prefix)
    assert stored.town_id == town.pk
    shard = stored.storage_name.removeprefix(prefix)
    assert re.fullmatch(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{32}\.pdf", shard)
    assert shard.startswith(stored.pk.hex[:2] + "/" + stored.pk.hex[2:4] + "/")
    assert "Bescheid" not in stored.storage_name
    assert stored.original_name == "Bescheid.pdf"
    assert stored_paths() == [Path(default_storage.path(stored.storage_name))]


def test_each_town_stores_its_files_under_its_own_prefix(town, other_town):
    ours = store_upload(uploaded_file=upload("a.pdf", samples.pdf()), kinds={"pdf"})
    with for_town(other_town):
        theirs = store_upload(uploaded_file=upload("a.pdf", samples.pdf()), kinds={"pdf"})
    assert ours.storage_name.startswith(town_prefix(town.pk))
    assert theirs.storage_name.startswith(town_prefix(other_town.pk))
    assert theirs.storage_name.startswith(f"towns/{other_town.pk}/")
    with scopes_disabled():
        assert StoredFile.objects.get(pk=theirs.pk).town_id == other_town.pk
    folders, _files = default_storage.listdir("towns")
    assert sorted(folders) == sorted([str(town.pk), str(other_town.pk)])


def test_upload_outside_a_town_is_refused_and_nothing_stored():
    with for_town(None), pytest.raises(ScopeError):
        store_upload(uploaded_file=upload("a.pdf", samples.pdf()), kinds={"pdf"})
    assert stored_paths() == []


def test_checksum_and_size_are_recorded():
    content = samples.pdf()
    stored = store_upload(uploaded_file=ContentFile(content, name="a.pdf"), kinds={"pdf"})
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    assert stored.size == len(content)
    with open_stored(stored) as handle:
        assert handle.read() == content


def test_changed_file_is_detected_on_reading():
    stored = store_upload(uploaded_file=upload("a.pdf", samples.pdf()), kinds={"pdf"})
    path = default_storage.path(stored.storage_name)
    with open(path, "r+b") as handle:
        handle.seek(5)
        handle.write(b"9")
    with pytest.raises(CorruptedFile):
        open_stored(stored)


def test_missing_file_is_detected_on_reading():
    stored = store_upload(uploaded_file=upload("a.pdf", samples.pdf()), kinds={"pdf"})
    os.unlink(default_storage.path(stored.storage_name))
    with pytest.raises(CorruptedFile):
        open_stored(stored)


def test_csv_and_text_are_told_apart_by_the_name_only_among_text_kinds():
    content = "Name;Betrag\nMüller;3,50\n".encode()
    as_csv = store_upload(uploaded_file=upload("liste.csv", content), kinds={"csv", "txt"})
    as_txt = store_upload(uploaded_file=upload("liste.txt", content), kinds={"csv", "txt"})
    assert (as_csv.content_type, as_txt.content_type) == ("text/csv", "text/plain")


@pytest.mark.parametrize(
    "content",
    [b"M\x81ller\x8d", b"Name\x00;Betrag\n", b"abc\x1b[31m"],
    ids=["neither-utf8-nor-windows-1252", "nul-byte", "control-character"],
)
def test_text_must_be_clean(content):
    with pytest.raises(FileTypeNotAllowed):
        store_upload(uploaded_file=upload("a.csv", content), kinds={"csv", "txt"})


def test_windows_1252_text_is_text():
    """Text from older Windows programs: umlauts as single bytes."""
    content = "Name;Betrag\nMüller;3,50 €\n".encode("cp1252")
    stored = store_upload(uploaded_file=upload("liste.csv", content), kinds={"csv", "txt"})
    assert stored.content_type == "text/csv"


def test_an_svg_must_be_utf8():
    svg = samples.SVG.replace("</svg>", "<!-- Müller --></svg>").encode("cp1252")
    with pytest.raises(FileTypeNotAllowed):
        store_upload(uploaded_file=upload("wappen.svg", svg), kinds={"svg"})


def test_utf8_split_across_chunks_is_still_text():
    text = ("ä" * 40000).encode()  # chunk boundaries fall inside characters
    stream = UnsizedStream([text[:65537], text[65537:]])
    stream.name = "umlaute.txt"
    assert store_upload(uploaded_file=stream, kinds={"txt"}).content_type == "text/plain"


def test_safe_svg_is_accepted():
    stored = store_upload(uploaded_file=upload("wappen.svg", samples.SVG.encode()), kinds={"svg"})
    assert stored.content_type == "image/svg+xml"


@pytest.mark.parametrize(
    "svg",
    [
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        '<svg xmlns="http://www.w3.org/2000/svg"><a href=" java\nscript:alert(1)">x</a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
        '<a x:href="javascript:alert(1)">x</a></svg>',
        '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><p>hi</p></foreignObject></svg>',
        '<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>',
        '<?xml-stylesheet href="http://evil.example/x.css"?>'
        '<svg xmlns="http://www.w3.org/2000/svg"/>',
        '<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
        '<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>',
        "just text, no svg",
    ],
    ids=[
        "script",
        "event-handler",
        "javascript-link",
        "xlink-javascript",
        "foreign-object",
        "doctype-entities",
        "stylesheet-pi",
        "not-svg-root",
        "not-well-formed",
        "not-xml",
    ],
)
def test_unsafe_or_invalid_svg_is_refused(svg):
    with pytest.raises(FileTypeNotAllowed):
        store_upload(uploaded_file=upload("bild.svg", svg.encode()), kinds={"svg"})


def test_unknown_kind_is_a_programming_error():
    with pytest.raises(ValueError, match="exe"):
        store_upload(uploaded_file=upload("a.pdf", samples.pdf()), kinds={"pdf", "exe"})


def test_accept_attribute_lists_extensions():
    assert accept_attribute({"pdf", "jpeg"}) == ".jpg,.pdf,.jpeg"


def test_deleting_removes_record_and_file_after_commit(django_capture_on_commit_callbacks):
    from rathaus.core.audit.models import AuditEntry

    stored = store_upload(uploaded_file=upload("a.pdf", samples.pdf()), kinds={"pdf"})
    stored_id = str(stored.pk)
    with django_capture_on_commit_callbacks(execute=True):
        delete_stored_file(stored_file=stored, actor=None)
    assert StoredFile.objects.count() == 0
    assert stored_paths() == []
    assert AuditEntry.objects.filter(action="delete", object_id=stored_id).exists()
