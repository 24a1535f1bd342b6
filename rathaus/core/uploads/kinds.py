"""The kinds of file the upload service accepts, and how each is recognised by its content.

Binary formats are recognised by their magic bytes (the ``filetype`` package);
text formats (CSV, plain text, SVG) must be valid UTF-8 without control
characters, and an SVG must be well-formed XML with an ``<svg>`` root and
nothing that can run code (scripts, event handlers, ``javascript:`` links,
document type declarations).
"""

import codecs
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
        plain = [name for name in ("csv", "txt") if name in self.kinds]
        if not plain:
            return None
        suffix = original_name.rpartition(".")[2].lower() if "." in original_name else ""
        return KINDS[suffix] if suffix in plain else KINDS[plain[0]]
