"""The certificate of a completed course as a tagged, accessible PDF (PDF/UA-1) made by
WeasyPrint, in the language the person prefers.

Rendering never reaches the network: nothing but ``data:`` URIs may be loaded (there are
none today); anything else is refused by the URL fetcher.
"""

from django.template.loader import render_to_string
from django.utils import translation

from .models import Certificate

PDF_VARIANT = "pdf/ua-1"
TEMPLATE = "training/learning/certificate_pdf.html"


def _url_fetcher():
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, timeout=1)


def certificate_html(certificate: Certificate) -> str:
    person = certificate.person
    language = person.preferred_language or "de"
    with translation.override(language):
        return render_to_string(
            TEMPLATE,
            {
                "certificate": certificate,
                "town": certificate.town,
                "person_name": person.get_full_name() or person.email,
                "language": language,
            },
        )


def render_certificate_pdf(certificate: Certificate) -> bytes:
    """The certificate as PDF/UA-1 bytes: tagged, with document language and title."""
    from weasyprint import HTML

    document = HTML(string=certificate_html(certificate), base_url=None, url_fetcher=_url_fetcher())
    return document.write_pdf(pdf_variant=PDF_VARIANT, custom_metadata=False)


def file_name(certificate: Certificate) -> str:
    with translation.override(certificate.person.preferred_language or "de"):
        return f"{translation.gettext('certificate')}-{certificate.number}.pdf"
