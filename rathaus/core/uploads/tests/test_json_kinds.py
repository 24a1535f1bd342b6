"""JSON and GeoJSON uploads: accepted only when well-formed (RFC 8259), and as GeoJSON only
when the outermost object is a FeatureCollection, a Feature or a geometry (RFC 7946);
checked while the file streams past."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rathaus.core.uploads.exceptions import EmptyFile, FileTypeNotAllowed
from rathaus.core.uploads.kinds import JsonScanner
from rathaus.core.uploads.services import store_upload

POINT = {"type": "Point", "coordinates": [8.5, 49.9]}
FEATURES = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "geometry": POINT, "properties": {"name": "Rathaus", "plätze": 12}}
    ],
}


class ChunkedUpload:
    """An upload that arrives in the given pieces (as Django hands over large files)."""

    def __init__(self, name: str, pieces: list[bytes]):
        self.name = name
        self.pieces = pieces

    def chunks(self):
        yield from self.pieces


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def test_json_document_is_stored_as_json():
    content = json.dumps({"name": "Haushalt", "werte": [1, 2.5, None, True]}).encode()
    stored = store_upload(uploaded_file=upload("haushalt.json", content), kinds={"json"})
    assert (stored.content_type, stored.extension) == ("application/json", "json")


def test_geojson_is_stored_as_geojson():
    content = json.dumps(FEATURES, ensure_ascii=False).encode()
    stored = store_upload(uploaded_file=upload("parken.geojson", content), kinds={"geojson"})
    assert (stored.content_type, stored.extension) == ("application/geo+json", "geojson")


@pytest.mark.parametrize(("name", "kind"), [("parken.geojson", "geojson"), ("parken.json", "json")])
def test_name_decides_where_json_and_geojson_are_both_accepted(name, kind):
    content = json.dumps(FEATURES).encode()
    stored = store_upload(uploaded_file=upload(name, content), kinds={"json", "geojson"})
    assert stored.extension == kind


@pytest.mark.parametrize(
    "content",
    [
        b'{"a": 1,}',
        b'{"a": 1',
        b"[1, 2",
        b"{'a': 1}",
        b'{"a": 01}',
        b'{"a": NaN}',
        b'{"a" 1}',
        b'{"a": 1} {"b": 2}',
        b"",
        b"   ",
        b"Name;Betrag\n",
        b'{"a": "\\x"}',
    ],
    ids=[
        "trailing-comma",
        "unclosed-object",
        "unclosed-array",
        "single-quotes",
        "leading-zero",
        "nan",
        "missing-colon",
        "two-documents",
        "empty",
        "blank",
        "csv",
        "bad-escape",
    ],
)
def test_malformed_json_is_refused(content):
    with pytest.raises((FileTypeNotAllowed, EmptyFile)):
        store_upload(uploaded_file=upload("daten.json", content), kinds={"json"})


@pytest.mark.parametrize(
    "document",
    [
        {"type": "Topology", "objects": {}},
        {"features": []},
        [POINT],
        {"geometry": POINT, "properties": {"type": "Feature"}},
        {"type": 7},
    ],
    ids=["topojson", "no-type", "array", "type-only-nested", "type-not-a-string"],
)
def test_json_that_is_not_geojson_is_refused_as_geojson(document):
    with pytest.raises(FileTypeNotAllowed):
        store_upload(
            uploaded_file=upload("karte.geojson", json.dumps(document).encode()),
            kinds={"geojson"},
        )


def test_windows_1252_json_is_refused():
    content = '{"name": "Müller"}'.encode("cp1252")
    with pytest.raises(FileTypeNotAllowed):
        store_upload(uploaded_file=upload("a.json", content), kinds={"json"})


def test_json_split_at_every_byte_is_still_recognised():
    content = json.dumps(FEATURES, ensure_ascii=False).encode()
    pieces = [content[i : i + 1] for i in range(len(content))]
    stored = store_upload(uploaded_file=ChunkedUpload("a.geojson", pieces), kinds={"geojson"})
    assert stored.extension == "geojson"


def test_large_geometry_is_checked_without_holding_the_document():
    ring = [[8.0 + i / 100000, 49.0] for i in range(200_000)]
    head = b'{"type": "Polygon", "coordinates": [['
    body = b",".join(json.dumps(point).encode() for point in ring)
    scanner = JsonScanner()
    for start in range(0, len(body), 65536):
        scanner.feed((head if start == 0 else b"") + body[start : start + 65536])
        assert len(scanner.text) < 70_000
    scanner.feed(b"]]}", final=True)
    assert scanner.geojson


def test_text_and_json_accepted_together_prefer_json_for_json():
    stored = store_upload(uploaded_file=upload("a.json", b'{"a": [1, 2]}'), kinds={"json", "txt"})
    assert stored.extension == "json"
