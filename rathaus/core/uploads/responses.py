"""Sending stored files to the browser safely.

Other apps write their own permission-checked views and end them with
``return serve_stored_file(request, stored_file)``.
"""

import unicodedata
from urllib.parse import quote

from django.http import FileResponse

from .kinds import KINDS
from .models import StoredFile
from .services import open_stored

PUBLIC_MAX_AGE = 365 * 24 * 3600
# A stored file is never a page: nothing in it may run or load anything.
FILE_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; sandbox"


def download_name(stored_file: StoredFile) -> str:
    """The person's file name, ending in the extension of what the file really is."""
    name = stored_file.original_name or "file"
    stem, dot, suffix = name.rpartition(".")
    real = stored_file.extension
    if dot and suffix.lower() in {real, "jpeg" if real == "jpg" else real}:
        return name
    return f"{stem if dot else name}.{real}"


def _ascii_fallback(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    safe = "".join(ch if ch.isalnum() or ch in "._- ()" else "_" for ch in ascii_name).strip()
    return safe or "file"


def content_disposition(name: str, *, inline: bool = False) -> str:
    """``attachment; filename="ascii"; filename*=UTF-8''percent-encoded`` (RFC 6266/5987)."""
    disposition = "inline" if inline else "attachment"
    fallback = _ascii_fallback(name)
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def serve_stored_file(
    request, stored_file: StoredFile, *, inline: bool = False, public: bool = False
) -> FileResponse:
    """A response that downloads the file (or shows an image inline when ``inline``).

    The content is checked against its SHA-256 first (``CorruptedFile`` otherwise).
    ``public`` lets shared caches keep the file for a year (its content never changes);
    otherwise nobody may store it.
    """
    kind = next((k for k in KINDS.values() if k.content_type == stored_file.content_type), None)
    inline = inline and kind is not None and kind.inline
    content_type = stored_file.content_type
    if kind is not None and kind.text:
        content_type += "; charset=utf-8"
    response = FileResponse(open_stored(stored_file), content_type=content_type)
    response["Content-Disposition"] = content_disposition(download_name(stored_file), inline=inline)
    response["Content-Length"] = str(stored_file.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    if public:
        response["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}, immutable"
    else:
        response["Cache-Control"] = "private, no-store"
    return response
