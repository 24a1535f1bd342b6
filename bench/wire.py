"""A minimal HTTP/1.1 client over asyncio streams that counts the bytes on the wire.

Only what the benchmarks need: GET (and requests with a body, e.g. a form POST) with
keep-alive, Content-Length or chunked bodies, exact byte counts of each response (status
line, headers and body as sent). It talks to loopback addresses only.
"""

import asyncio
import contextlib
import gzip
import ipaddress
from dataclasses import dataclass, field

import brotli

BROWSER_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,*/*;q=0.8",
    "Accept-Encoding": "br, gzip",
    "Accept-Language": "de-DE,de;q=0.9",
    "User-Agent": "rathaus-bench/1",
}


def ensure_loopback(host: str) -> None:
    """Refuse any target that is not this machine: benchmarks never leave loopback."""
    if host == "localhost":
        return
    if not ipaddress.ip_address(host).is_loopback:
        raise ValueError(f"Benchmarks only target loopback addresses, not {host!r}.")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    wire_bytes: int
    request_bytes: int
    set_cookies: list[str] = field(default_factory=list)

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)

    @property
    def closes(self) -> bool:
        return self.header("connection").lower() == "close"

    def decoded(self) -> bytes:
        """The body with its Content-Encoding undone."""
        encoding = self.header("content-encoding").lower()
        if encoding == "br":
            return brotli.decompress(self.body)
        if encoding == "gzip":
            return gzip.decompress(self.body)
        return self.body


class Connection:
    """One keep-alive connection; reopens itself when the server closed it."""

    def __init__(self, host: str, port: int):
        ensure_loopback(host)
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(ConnectionError, OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None

    async def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return await self.request("GET", path, headers)

    async def request(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Response:
        """Send one request (a body with its Content-Length, e.g. a multipart form)."""
        if self.writer is None:
            await self._open()
        headers = dict(headers or {})
        # A caller may name the host (e.g. one town of a multi-town installation).
        host = next((headers.pop(n) for n in list(headers) if n.lower() == "host"), None)
        lines = [f"{method} {path} HTTP/1.1", f"Host: {host or f'{self.host}:{self.port}'}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        if body is not None:
            lines.append(f"Content-Length: {len(body)}")
        request = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + (body or b"")
        try:
            self.writer.write(request)
            await self.writer.drain()
            response = await self._read_response(len(request))
        except (ConnectionError, asyncio.IncompleteReadError, OSError):
            await self.close()
            raise
        if response.closes:
            await self.close()
        return response

    async def _read_response(self, request_bytes: int) -> Response:
        head = await self.reader.readuntil(b"\r\n\r\n")
        status_line, *header_lines = head[:-4].decode("latin-1").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers: dict[str, str] = {}
        cookies: list[str] = []
        for line in header_lines:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                cookies.append(value)
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
        wire = len(head)
        if status in (204, 304) or 100 <= status < 200:
            body = b""
        elif "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
            wire += len(body)
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body, wire = await self._read_chunked(wire)
        else:
            body = await self.reader.read()
            wire += len(body)
            headers["connection"] = "close"
        return Response(status, headers, body, wire, request_bytes, cookies)

    async def _read_chunked(self, wire: int) -> tuple[bytes, int]:
        parts = []
        while True:
            size_line = await self.reader.readuntil(b"\r\n")
            wire += len(size_line)
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                trailer = await self.reader.readuntil(b"\r\n")
                while trailer != b"\r\n":
                    wire += len(trailer)
                    trailer = await self.reader.readuntil(b"\r\n")
                return b"".join(parts), wire + len(trailer)
            chunk = await self.reader.readexactly(size + 2)
            wire += len(chunk)
            parts.append(chunk[:-2])


async def fetch(host: str, port: int, path: str, headers: dict[str, str] | None = None):
    """One request on a fresh connection (for checks, not for load)."""
    connection = Connection(host, port)
    try:
        return await connection.get(path, headers)
    finally:
        await connection.close()
