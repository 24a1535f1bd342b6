"""Serialisations of the catalogue and the choice between them by the ``Accept`` header.

As in ckanext-dcat, a client that prefers HTML gets the page for people, an RDF media
type (or ``text/*``, ``application/*``) gets that serialisation; unlike ckanext-dcat, which
shows HTML when nothing matches, ``*/*`` and a missing header get the address's default and
a header naming only other types gets 406 Not Acceptable."""

import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils.cache import patch_vary_headers
from rdflib import Graph
from rdflib.plugins.serializers.turtle import TurtleSerializer

from .namespaces import PREFIXES


@dataclass(frozen=True)
class Format:
    extension: str  # in our addresses: catalog.ttl
    media_type: str
    rdflib_name: str


FORMATS = {
    "ttl": Format("ttl", "text/turtle", "turtle"),
    "rdf": Format("rdf", "application/rdf+xml", "pretty-xml"),
    "xml": Format("xml", "application/rdf+xml", "pretty-xml"),  # ckanext-dcat's other name
    "jsonld": Format("jsonld", "application/ld+json", "json-ld"),
}
HTML = "html"
HTML_TYPES = {"text/html", "application/xhtml+xml"}
BY_MEDIA_TYPE = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/rdf+xml": "rdf",
    "application/ld+json": "jsonld",
}
WILDCARDS = {"text/*": "ttl", "application/*": "rdf"}


def _accepted(header: str) -> list[str]:
    """Media ranges of an Accept header, most wanted first (q value, then given order)."""
    ranges = []
    for position, part in enumerate(header.split(",")):
        media_range, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            name, _sep, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media_range and quality > 0:
            ranges.append((-quality, position, media_range.lower()))
    return [media_range for _quality, _position, media_range in sorted(ranges)]


def negotiate(header: str | None, default: str) -> str | None:
    """The format key ("ttl", "rdf", "jsonld") or ``HTML`` for an Accept header;
    ``default`` for ``*/*`` or no header; None if nothing we offer is acceptable."""
    if not header or not header.strip():
        return default
    for media_range in _accepted(header):
        if media_range in HTML_TYPES:
            return HTML
        if media_range in BY_MEDIA_TYPE:
            return BY_MEDIA_TYPE[media_range]
        if media_range in WILDCARDS:
            return WILDCARDS[media_range]
        if media_range == "*/*":
            return default
    return None


_BOUND = tuple(str(namespace) for namespace in PREFIXES.values())


class _Turtle(TurtleSerializer):
    """rdflib's Turtle, without trying to shorten the catalogue's own URIs: none of them
    lies in a bound namespace, and trying costs rdflib more than half of a page's time."""

    def get_pname(self, uri, gen_prefix: bool = True):
        if not str(uri).startswith(_BOUND):
            return None
        return super().get_pname(uri, gen_prefix)


def serialize(graph: Graph, key: str) -> bytes:
    fmt = FORMATS[key]
    if key == "ttl":
        stream = io.BytesIO()
        _Turtle(graph).serialize(stream, encoding="utf-8")
        return stream.getvalue()
    if key == "jsonld":
        context = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
        return graph.serialize(format="json-ld", context=context, encoding="utf-8")
    return graph.serialize(format=fmt.rdflib_name, encoding="utf-8")


def rdf_response(graph: Graph, key: str, *, negotiated: bool = False) -> HttpResponse:
    fmt = FORMATS[key]
    response = HttpResponse(serialize(graph, key), content_type=f"{fmt.media_type}; charset=utf-8")
    response["Access-Control-Allow-Origin"] = "*"
    if negotiated:
        patch_vary_headers(response, ["Accept"])
    return response
