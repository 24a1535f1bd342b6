"""First-view and repeat-view bytes of a page, as a browser would fetch them.

First view: the HTML and every stylesheet, script, font and image it references
(directly, through CSS url()/@import, or through JavaScript module imports), each
fetched with Accept-Encoding: br, gzip; bytes are counted on the wire (status line,
headers and body of each response; HTTP/1.1 without TLS).
Repeat view: what a browser with a warm cache fetches again: the HTML, plus every
file whose Cache-Control does not let it be kept for at least LONG_CACHE_SECONDS.
"""

import asyncio
import re
from dataclasses import asdict, dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from .wire import BROWSER_HEADERS, Connection

LONG_CACHE_SECONDS = 30 * 24 * 3600
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]+)\1\s*\)""")
_CSS_IMPORT = re.compile(r"""@import\s+(['"])([^'"]+)\1""")
_JS_IMPORT = re.compile(
    r"""(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,$]+\s*from\s*)?(['"])([^'"]+)\1""", re.M
)
_JS_DYNAMIC_IMPORT = re.compile(r"""import\(\s*(['"])([^'"]+)\1\s*\)""")
_LINK_RELS = {"stylesheet", "preload", "modulepreload", "icon", "apple-touch-icon", "manifest"}


@dataclass
class Asset:
    url: str
    kind: str
    status: int
    wire_bytes: int
    body_bytes: int
    decoded_bytes: int
    content_encoding: str
    cache_control: str
    long_cached: bool

    def as_dict(self) -> dict:
        return asdict(self)


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value or "" for name, value in attrs}
        if tag == "link" and _LINK_RELS & set(attrs.get("rel", "").lower().split()):
            if attrs.get("href"):
                self.found.append((attrs["href"], attrs.get("as") or "link"))
        elif tag == "script" and attrs.get("src"):
            self.found.append((attrs["src"], "script"))
        elif tag in {"img", "source", "input", "video"}:
            for name in ("src", "poster"):
                if attrs.get(name):
                    self.found.append((attrs[name], "image"))
            srcset = attrs.get("srcset", "").strip()
            if srcset and not attrs.get("src"):
                # A browser picks one candidate; count the first.
                self.found.append((srcset.split(",")[0].split()[0], "image"))


def long_cached(cache_control: str) -> bool:
    directives = [part.strip().lower() for part in cache_control.split(",")]
    if any(d in {"no-store", "no-cache", "private"} for d in directives):
        return False
    for directive in directives:
        if directive.startswith("max-age="):
            try:
                return int(directive.split("=", 1)[1]) >= LONG_CACHE_SECONDS
            except ValueError:
                return False
    return False


def _kind(url: str, hint: str) -> str:
    suffix = urlsplit(url).path.rsplit(".", 1)[-1].lower()
    by_suffix = {"css": "style", "js": "script", "mjs": "script", "woff2": "font", "woff": "font"}
    return by_suffix.get(suffix, "image" if suffix in {"svg", "png", "jpg", "webp"} else hint)


def _children(url: str, kind: str, text: str) -> list[tuple[str, str]]:
    if kind == "style":
        refs = [(m.group(2), "link") for m in _CSS_URL.finditer(text)]
        refs += [(m.group(2), "style") for m in _CSS_IMPORT.finditer(text)]
    elif kind == "script":
        refs = [(m.group(2), "script") for m in _JS_IMPORT.finditer(text)]
        refs += [(m.group(2), "script") for m in _JS_DYNAMIC_IMPORT.finditer(text)]
        refs = [(ref, hint) for ref, hint in refs if ref.startswith(("/", "./", "../"))]
    else:
        return []
    return [(urljoin(url, ref), hint) for ref, hint in refs if not ref.startswith("data:")]


async def _measure(host: str, port: int, path: str, headers: dict[str, str]) -> dict:
    origin = f"http://{host}:{port}"
    connection = Connection(host, port)
    try:
        page = await connection.get(path, {**BROWSER_HEADERS, **headers})
        html = page.decoded().decode("utf-8", "replace")
        parser = _References()
        parser.feed(html)
        queue = [(urljoin(origin + path, ref), hint) for ref, hint in parser.found]
        assets: dict[str, Asset] = {}
        foreign: list[str] = []
        while queue:
            url, hint = queue.pop(0)
            if url in assets:
                continue
            parts = urlsplit(url)
            if f"{parts.scheme}://{parts.netloc}" != origin:
                if parts.scheme in {"http", "https"}:
                    foreign.append(url)
                continue
            kind = _kind(url, hint)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            response = await connection.get(target, {**BROWSER_HEADERS, **headers})
            decoded = response.decoded()
            assets[url] = Asset(
                url=target,
                kind=kind,
                status=response.status,
                wire_bytes=response.wire_bytes,
                body_bytes=len(response.body),
                decoded_bytes=len(decoded),
                content_encoding=response.header("content-encoding") or "identity",
                cache_control=response.header("cache-control"),
                long_cached=long_cached(response.header("cache-control")),
            )
            queue += _children(url, kind, decoded.decode("utf-8", "replace"))
    finally:
        await connection.close()

    files = list(assets.values())
    refetched = [a for a in files if not a.long_cached]
    return {
        "path": path,
        "html": {
            "status": page.status,
            "wire_bytes": page.wire_bytes,
            "body_bytes": len(page.body),
            "decoded_bytes": len(page.decoded()),
            "content_encoding": page.header("content-encoding") or "identity",
            "cache_control": page.header("cache-control"),
        },
        "first_view": {
            "requests": 1 + len(files),
            "bytes": page.wire_bytes + sum(a.wire_bytes for a in files),
        },
        "repeat_view": {
            "requests": 1 + len(refetched),
            "bytes": page.wire_bytes + sum(a.wire_bytes for a in refetched),
        },
        "assets": [a.as_dict() for a in files],
        "not_long_cached": [a.url for a in refetched],
        "failed": [a.url for a in files if a.status != 200],
        "foreign_origins": foreign,
    }


def measure_page(host: str, port: int, path: str, headers: dict[str, str] | None = None) -> dict:
    return asyncio.run(_measure(host, port, path, headers or {}))
