"""The kinds of file the upload service accepts, and how each is recognised by its content.

Binary formats are recognised by their magic bytes (the ``filetype`` package);
text formats (CSV, plain text, SVG, JSON, GeoJSON) must be valid UTF-8 without
control characters, and an SVG must be well-formed XML with an ``<svg>`` root and
nothing that can run code (scripts, event handlers, ``javascript:`` links,
document type declarations). JSON must be well-formed (RFC 8259), checked while it
streams past without holding the document in memory; a GeoJSON file is a JSON object
whose ``type`` is a FeatureCollection, a Feature or a geometry (RFC 7946).
"""

import codecs
import json
import re
import xml.parsers.expat
from dataclasses import dataclass

import filetype

SIGNATURE_BYTES = 8192


@dataclass(frozen=True)
class FileKind:
    name: str
    content_type: str
    extension: str
    # Shown inline by the browser when served publicly (images only; SVG is script-free).
    inline: bool = False
    text: bool = False
    magic: str = ""  # the filetype extension that identifies it


KINDS: dict[str, FileKind] = {
    kind.name: kind
    for kind in [
        FileKind("pdf", "application/pdf", "pdf", magic="pdf"),
        FileKind("png", "image/png", "png", inline=True, magic="png"),
        FileKind("jpeg", "image/jpeg", "jpg", inline=True, magic="jpg"),
        FileKind("gif", "image/gif", "gif", inline=True, magic="gif"),
        FileKind("webp", "image/webp", "webp", inline=True, magic="webp"),
        # Scans from office copiers; not shown inline (browsers do not render TIFF).
        FileKind("tiff", "image/tiff", "tif", magic="tif"),
        FileKind(
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "docx",
            magic="docx",
        ),
        FileKind("odt", "application/vnd.oasis.opendocument.text", "odt", magic="odt"),
        FileKind(
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
            magic="xlsx",
        ),
        FileKind("csv", "text/csv", "csv", text=True),
        FileKind("txt", "text/plain", "txt", text=True),
        FileKind("svg", "image/svg+xml", "svg", inline=True, text=True),
        FileKind("json", "application/json", "json", text=True),
        FileKind("geojson", "application/geo+json", "geojson", text=True),
    ]
}
BY_MAGIC = {kind.magic: kind for kind in KINDS.values() if kind.magic}
TEXT_KINDS = {name for name, kind in KINDS.items() if kind.text}

# Tab, line feed, form feed and carriage return are text; other C0 controls and DEL are not.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
SVG_FORBIDDEN_ELEMENTS = frozenset(
    {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
)
SCRIPT_URL = re.compile(r"(java|vb)script:|data:text/html", re.IGNORECASE)


class UnsafeSvg(Exception):
    pass


class SvgScanner:
    """Parses an SVG as it streams in and remembers whether it is safe to accept."""

    def __init__(self):
        self.ok = True
        self.depth = 0
        self.saw_root = False
        parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartDoctypeDeclHandler = self._refuse
        parser.EntityDeclHandler = self._refuse
        parser.ExternalEntityRefHandler = self._refuse
        parser.ProcessingInstructionHandler = self._refuse
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        self.parser = parser

    def _refuse(self, *args):
        raise UnsafeSvg

    def _start(self, name: str, attributes: dict):
        namespace, _sep, local = name.rpartition(" ")
        if self.depth == 0:
            if local != "svg" or namespace not in ("", SVG_NAMESPACE):
                raise UnsafeSvg
            self.saw_root = True
        if local.lower() in SVG_FORBIDDEN_ELEMENTS:
            raise UnsafeSvg
        for attribute, value in attributes.items():
            attribute_name = attribute.rpartition(" ")[2].lower()
            if attribute_name.startswith("on"):
                raise UnsafeSvg
            if SCRIPT_URL.search(re.sub(r"\s", "", value)):
                raise UnsafeSvg
        self.depth += 1

    def _end(self, name: str):
        self.depth -= 1

    def feed(self, data: bytes, final: bool = False) -> None:
        if not self.ok:
            return
        try:
            self.parser.Parse(data, final)
        except (UnsafeSvg, xml.parsers.expat.ExpatError):
            self.ok = False
        if final and not self.saw_root:
            self.ok = False


JSON_NUMBER = r"-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?"
JSON_SPACE = r"[ \t\n\r]*"
# One token after optional white space. A flat array of numbers (GeoJSON coordinates) is
# one token, which keeps large geometries fast to scan.
JSON_TOKEN = re.compile(
    JSON_SPACE
    + r"(?:"
    + r'(?P<string>"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*")'
    + rf"|(?P<numbers>\[{JSON_SPACE}{JSON_NUMBER}(?:{JSON_SPACE},{JSON_SPACE}{JSON_NUMBER})*"
    + rf"{JSON_SPACE}\])"
    + rf"|(?P<number>{JSON_NUMBER})"
    + r"|(?P<literal>true|false|null)"
    + r"|(?P<punctuation>[{}\[\]:,])"
    + r")"
)
# What the end of a chunk may hold when a token continues in the next chunk.
JSON_TOKEN_START = re.compile(
    JSON_SPACE
    + r"(?:"
    + r'"(?:[^"\\\x00-\x1f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{0,4}|\\)*'
    + r"|-?[0-9]*(?:\.[0-9]*)?(?:[eE][+-]?[0-9]*)?"
    + r"|t(?:r(?:u)?)?|f(?:a(?:l(?:s)?)?)?|n(?:u(?:l)?)?"
    + r")"
)
JSON_NUMBER_TAIL = re.compile(r"[0-9.eE+-]*")
JSON_MAX_TOKEN = 16 * 1024 * 1024
GEOJSON_TYPES = frozenset(
    {
        "FeatureCollection",
        "Feature",
        "Point",
        "MultiPoint",
        "LineString",
        "MultiLineString",
        "Polygon",
        "MultiPolygon",
        "GeometryCollection",
    }
)


class JsonScanner:
    """Checks that a JSON document is well-formed as it streams past, keeping only the
    nesting and the current token; remembers the ``type`` member of the outermost object
    (for GeoJSON)."""

    def __init__(self):
        self.ok = True
        self.stack: list[str] = []  # "{" or "[" per open container
        self.expect = "value"  # value, item (after "["), key, first_key, colon, next, end
        self.top_key: str | None = None  # the member name just read at the outermost level
        self.top_type: str | None = None
        self.text = ""
        self.started = False
        self._decoder = codecs.getincrementaldecoder("utf-8")()

    @property
    def geojson(self) -> bool:
        return self.ok and self.top_type in GEOJSON_TYPES

    def feed(self, data: bytes, final: bool = False) -> None:
        if not self.ok:
            return
        try:
            text = self._decoder.decode(data, final)
        except UnicodeDecodeError:
            self.ok = False
            return
        if not self.started and (text or final):
            self.started = True
            text = text.removeprefix("\ufeff")  # a byte order mark, tolerated
        self.text += text
        try:
            self._scan(final)
        except ValueError:
            self.ok = False
            self.text = ""

    def _scan(self, final: bool) -> None:
        text, position, size = self.text, 0, len(self.text)
        while position < size:
            match = JSON_TOKEN.match(text, position)
            if match is None or (not final and self._may_continue(match, text)):
                rest = text[position:]
                if final or len(rest) > JSON_MAX_TOKEN:
                    if rest.strip(" \t\n\r"):
                        raise ValueError("not JSON")
                    position = size
                    break
                if match is None and JSON_TOKEN_START.fullmatch(rest) is None:
                    raise ValueError("not JSON")
                break
            self._token(match)
            position = match.end()
        self.text = text[position:]
        if final and (self.expect != "end" or self.text.strip(" \t\n\r")):
            raise ValueError("incomplete JSON")

    @staticmethod
    def _may_continue(match, text: str) -> bool:
        """Whether the token might be longer once the next chunk arrives ("8." of 8.5)."""
        if match.end() == len(text):
            return True
        return (
            match.lastgroup == "number"
            and JSON_NUMBER_TAIL.fullmatch(text, match.end()) is not None
        )

    def _token(self, match) -> None:
        kind = match.lastgroup
        token = match.group(kind)
        expect = self.expect
        if kind == "punctuation":
            self._punctuation(token, expect)
        elif kind == "string" and expect in ("key", "first_key"):
            if len(self.stack) == 1:
                self.top_key = json.loads(token)
            self.expect = "colon"
        elif expect in ("value", "item"):
            if len(self.stack) == 1 and self.stack[0] == "{" and self.top_key == "type":
                self.top_type = json.loads(token) if kind == "string" else None
            self._after_value()
        else:
            raise ValueError("unexpected value")

    def _punctuation(self, mark: str, expect: str) -> None:
        top = self.stack[-1] if self.stack else None
        if mark in "{[" and expect in ("value", "item"):
            self.stack.append(mark)
            self.expect = "first_key" if mark == "{" else "item"
        elif mark == ":" and expect == "colon":
            self.expect = "value"
        elif mark == "," and expect == "next":
            self.expect = "key" if top == "{" else "value"
        elif (mark == "}" and top == "{" and expect in ("first_key", "next")) or (
            mark == "]" and top == "[" and expect in ("item", "next")
        ):
            self.stack.pop()
            self._after_value()
        else:
            raise ValueError("unexpected punctuation")

    def _after_value(self) -> None:
        self.expect = "next" if self.stack else "end"


class ContentSniffer:
    """Looks at a file's bytes as they stream past and decides what kind of file it is."""

    def __init__(self, kinds: set[str]):
        self.kinds = kinds
        self.head = bytearray()
        self.utf8 = bool(kinds & TEXT_KINDS)
        # Plain text and CSV from older Windows programs come as Windows-1252 (German
        # umlauts as single bytes); SVG is XML and must be UTF-8.
        self.windows_1252 = bool(kinds & {"csv", "txt"})
        self._decoder = codecs.getincrementaldecoder("utf-8")()
        self.svg = SvgScanner() if "svg" in kinds else None
        self.json = JsonScanner() if kinds & {"json", "geojson"} else None

    @property
    def is_text(self) -> bool:
        return self.utf8 or self.windows_1252

    def feed(self, chunk: bytes) -> None:
        if len(self.head) < SIGNATURE_BYTES:
            self.head += chunk[: SIGNATURE_BYTES - len(self.head)]
        if self.utf8:
            self.utf8 = self._clean(lambda: self._decoder.decode(chunk))
        if self.windows_1252:
            self.windows_1252 = self._clean(lambda: chunk.decode("cp1252"))
        if self.svg is not None:
            self.svg.feed(chunk)
        if self.json is not None:
            self.json.feed(chunk)

    @staticmethod
    def _clean(decode) -> bool:
        """Whether the bytes decode, without control characters."""
        try:
            text = decode()
        except UnicodeDecodeError:
            return False
        return not CONTROL_CHARACTERS.search(text)

    def kind(self, original_name: str = "") -> FileKind | None:
        """The accepted kind this content is, or None when it is none of them."""
        match = filetype.guess(bytes(self.head))
        if match is not None and match.extension in BY_MAGIC:
            detected = BY_MAGIC[match.extension]
            return detected if detected.name in self.kinds else None
        if self.utf8:
            try:
                self._decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                self.utf8 = False
        if not self.is_text:
            return None
        if self.svg is not None and self.utf8:
            self.svg.feed(b"", final=True)
            if self.svg.ok:
                return KINDS["svg"]
        if self.json is not None and self.utf8:
            self.json.feed(b"", final=True)
            if self.json.ok:
                kind = self._json_kind(original_name)
                if kind is not None:
                    return kind
        plain = [name for name in ("csv", "txt") if name in self.kinds]
        if not plain:
            return None
        suffix = original_name.rpartition(".")[2].lower() if "." in original_name else ""
        return KINDS[suffix] if suffix in plain else KINDS[plain[0]]

    def _json_kind(self, original_name: str) -> FileKind | None:
        """JSON or GeoJSON (a GeoJSON file is also JSON): the name decides between them
        where both are accepted."""
        suffix = original_name.rpartition(".")[2].lower() if "." in original_name else ""
        geojson = "geojson" in self.kinds and self.json.geojson
        if geojson and (suffix == "geojson" or "json" not in self.kinds):
            return KINDS["geojson"]
        if "json" in self.kinds:
            return KINDS["json"]
        return None
