"""Printing self-contained HTML to PDF with WeasyPrint, for every app (letters, receipts,
reports, certificates). Nothing is loaded from a server or the disk: only ``data:`` URIs."""


def url_fetcher():
    """Only ``data:`` URIs: a document must not load anything from a server or the disk."""
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, timeout=1)


def html_to_pdf(html: str, *, variant: str | None = None) -> bytes:
    """``html`` as PDF bytes; ``variant`` is WeasyPrint's ``pdf_variant`` (e.g. "pdf/a-3b"
    for the archive, "pdf/ua-1" for a tagged, accessible document)."""
    from weasyprint import HTML

    options = {"pdf_variant": variant} if variant else {}
    return HTML(string=html, base_url=None, url_fetcher=url_fetcher()).write_pdf(
        custom_metadata=False, **options
    )
