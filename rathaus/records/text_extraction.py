"""Text of a document's content for search: PDF text layers, Office documents, plain text.

``extract_text`` returns ``None`` when the content carries no text of its own (a scan, an
image): then the text has to come from OCR (``tasks_documents.ocr_version_job``).
"""

import io
import logging
import os

logger = logging.getLogger(__name__)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TEXT = "text/plain"
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/tiff"})
OCR_TYPES = IMAGE_TYPES | {PDF}

# Fewer visible characters than this per page: the PDF is a scan (perhaps with a stamp).
MIN_CHARACTERS_PER_PAGE = 20


def _read(path_or_bytes) -> bytes:
    if isinstance(path_or_bytes, bytes | bytearray | memoryview):
        return bytes(path_or_bytes)
    with open(os.fspath(path_or_bytes), "rb") as handle:
        return handle.read()


def decode_text(data: bytes) -> str:
    """Plain text as UTF-8 (with or without BOM), else as Windows-1252 (older German files)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _pdf_text(data: bytes) -> str | None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() or "" for page in reader.pages]
    text = "\n\n".join(page.strip() for page in pages).strip()
    visible = sum(1 for ch in text if not ch.isspace())
    if visible < MIN_CHARACTERS_PER_PAGE * max(1, len(pages)) / 2:
        return None
    return text


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(part for part in parts if part).strip()


def _odt_text(data: bytes) -> str:
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H, P

    document = load(io.BytesIO(data))
    parts = []
    for element_type in (H, P):
        parts.extend(
            teletype.extractText(node) for node in document.getElementsByType(element_type)
        )
    return "\n".join(part for part in parts if part).strip()


def extract_text(path_or_bytes, content_type: str) -> str | None:
    """The content's text ("" when it has none worth keeping), or ``None`` when it must be
    OCR'd (a PDF without a text layer, an image). Broken content gives "" and a log line."""
    content_type = content_type.split(";")[0].strip().lower()
    if content_type in IMAGE_TYPES:
        return None
    data = _read(path_or_bytes)
    try:
        if content_type == PDF:
            return _pdf_text(data)
        if content_type == DOCX:
            return _docx_text(data)
        if content_type == ODT:
            return _odt_text(data)
        if content_type == TEXT or content_type.startswith("text/"):
            return decode_text(data).strip()
    except Exception:  # noqa: BLE001
        # A text that cannot be read is no reason to refuse a stored document.
        logger.warning("No text extracted from %s content.", content_type, exc_info=True)
        return ""
    return ""
