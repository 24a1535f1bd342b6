"""The certificate of a completed course as a tagged, accessible PDF (PDF/UA-1) made by
WeasyPrint, in the language the person prefers.

Rendering never reaches the network: nothing but ``data:`` URIs may be loaded (there are
none today); anything else is refused by the URL fetcher.
"""

from django.template.loader import render_to_string
from django.utils import translation

from rathaus.core.pdf import html_to_pdf

from .models import Certificate

PDF_VARIANT = "pdf/ua-1"
TEMPLATE = "training/learning/certificate_pdf.html"


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
    return html_to_pdf(certificate_html(certificate), variant=PDF_VARIANT)


def file_name(certificate: Certificate) -> str:
    with translation.override(certificate.person.preferred_language or "de"):
        return f"{translation.gettext('certificate')}-{certificate.number}.pdf"
