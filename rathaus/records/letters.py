"""Letters from templates: a notice (Bescheid) or a cover letter (Anschreiben) with the
town's letterhead, rendered to PDF/A with WeasyPrint.

Rendering never reaches the network: the only resources a letter may load are ``data:``
URIs (the town's logo is embedded as one); anything else is refused by the URL fetcher.
"""

import base64
import logging
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rathaus.core.pdf import html_to_pdf
from rathaus.core.tenancy import current_town
from rathaus.core.uploads.exceptions import CorruptedFile
from rathaus.core.uploads.services import open_stored

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/a-3b"
LOGO_TYPES = frozenset({"image/png", "image/jpeg", "image/svg+xml"})


@dataclass(frozen=True)
class LetterTemplate:
    label: Promise
    template_name: str


TEMPLATES: dict[str, LetterTemplate] = {
    "notice": LetterTemplate(_("Notice (Bescheid)"), "records/letters/notice.html"),
    "letter": LetterTemplate(_("Letter (Anschreiben)"), "records/letters/letter.html"),
}


def logo_data_uri(town) -> str:
    logo = getattr(town, "logo", None)
    if logo is None or logo.content_type not in LOGO_TYPES:
        return ""
    try:
        with open_stored(logo) as handle:
            data = handle.read()
    except CorruptedFile:
        logger.warning("The town's logo is damaged; the letter is made without it.")
        return ""
    return f"data:{logo.content_type};base64,{base64.b64encode(data).decode('ascii')}"


def letter_context(
    *, template: str, recipient: str, subject: str, body: str, reference: str, author=None
) -> dict:
    town = current_town()
    return {
        "town": town,
        "logo": logo_data_uri(town),
        "recipient_lines": [line.strip() for line in recipient.splitlines() if line.strip()],
        "subject": subject,
        "paragraphs": [
            part.strip() for part in body.replace("\r\n", "\n").split("\n\n") if part.strip()
        ],
        "reference": reference,
        "author": author,
        "date": timezone.localdate(),
        "title": str(TEMPLATES[template].label),
    }


def render_letter_pdf(*, template: str, context: dict) -> bytes:
    """The letter as PDF/A-3b bytes."""
    return render_html_pdf(render_to_string(TEMPLATES[template].template_name, context))


def render_html_pdf(html: str) -> bytes:
    """Self-contained HTML (only ``data:`` resources) as PDF/A-3b bytes."""
    return html_to_pdf(html, variant=PDF_VARIANT)
