"""Hand a petition to the e-file (records) through its public services: a procedure in the
addressee's file, the petition as a PDF, the attachment, and later the answer letter.

Like an online application (``rathaus.services.services.applications.file_in_records``): if
the addressee has no open e-file, the petition still arrives and the clerks file it from
its page once one is configured; a failure of the e-file never loses a petition.
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify

from rathaus.core.tenancy import current_town
from rathaus.core.uploads.services import open_stored
from rathaus.records.exceptions import RecordsError
from rathaus.records.letters import (
    letter_context,
    logo_data_uri,
    render_html_pdf,
    render_letter_pdf,
)
from rathaus.records.models import Document
from rathaus.records.services.documents import file_incoming_document
from rathaus.records.services.procedures import open_intake_procedure

from ..models import Petition, PetitionEvent

logger = logging.getLogger(__name__)


def submitter_label(petition: Petition) -> str:
    person = petition.submitter
    if person is None:
        return "–"
    return person.get_full_name() or person.email


def render_petition_pdf(petition: Petition) -> bytes:
    """The petition as a PDF/A document for the e-file (German, the file's language)."""
    with translation.override("de"):
        town = current_town()
        html = render_to_string(
            "petitions/pdf/petition.html",
            {
                "town": town,
                "logo": logo_data_uri(town),
                "petition": petition,
                "submitter": petition.submitter,
                "submitter_label": submitter_label(petition),
                "date": timezone.localdate(),
            },
        )
    return render_html_pdf(html)


def procedure_title(petition: Petition) -> str:
    """No personal data in the title: the e-file's lists show it to the whole unit."""
    with translation.override("de"):
        return (
            f"Eingabe {petition.reference} ({petition.get_kind_display()}) an {petition.addressee}"
        )


def file_in_records(*, petition: Petition) -> bool:
    """Open the procedure and file the petition and its attachment. Returns whether the
    petition is in the e-file now. Called inside the caller's transaction."""
    addressee = petition.addressee
    if petition.procedure_id or addressee is None or addressee.record_file is None:
        return bool(petition.procedure_id)
    submitter = petition.submitter
    try:
        with transaction.atomic():
            procedure = open_intake_procedure(
                file=addressee.record_file,
                title=procedure_title(petition),
                submitted_by=submitter,
            )
            file_incoming_document(
                procedure=procedure,
                title=f"Eingabe {petition.reference}",
                uploaded_file=ContentFile(
                    render_petition_pdf(petition),
                    name=f"eingabe-{slugify(petition.reference)}.pdf",
                ),
                submitted_by=submitter,
            )
            if petition.attachment is not None:
                with open_stored(petition.attachment) as handle:
                    file_incoming_document(
                        procedure=procedure,
                        title=f"Anlage zur Eingabe {petition.reference}",
                        uploaded_file=ContentFile(
                            handle.read(), name=petition.attachment.original_name
                        ),
                        submitted_by=submitter,
                    )
            petition.procedure = procedure
            petition.procedure_reference = procedure.reference
            petition.save(update_fields=["procedure", "procedure_reference"])
            PetitionEvent.objects.create(petition=petition, kind=PetitionEvent.Kind.FILED)
    except RecordsError:
        logger.exception("Petition %s could not be filed in the e-file.", petition.pk)
        return False
    return True


def render_answer_letter(*, petition: Petition, author) -> bytes:
    """The reasoned answer as a letter with the town's letterhead (PDF/A)."""
    person = petition.submitter
    lines = [submitter_label(petition)]
    if person is not None and getattr(person, "street", ""):
        lines += [person.street, f"{person.postcode} {person.city}".strip()]
    with translation.override("de"):
        context = letter_context(
            template="letter",
            recipient="\n".join(line for line in lines if line.strip()),
            subject=f"Ihre Eingabe {petition.reference}: {petition.subject}",
            body=petition.answer,
            reference=petition.procedure_reference or petition.reference,
            author=author,
        )
        return render_letter_pdf(template="letter", context=context)


def file_answer_letter(*, petition: Petition, content: bytes, actor) -> bool:
    """File the answer letter as an outgoing document of the petition's procedure."""
    procedure = petition.procedure
    if procedure is None:
        return False
    try:
        with transaction.atomic():
            file_incoming_document(
                procedure=procedure,
                title=f"Antwort auf die Eingabe {petition.reference}",
                uploaded_file=ContentFile(
                    content, name=f"antwort-{slugify(petition.reference)}.pdf"
                ),
                submitted_by=actor,
                kind=Document.Kind.OUTGOING,
            )
    except RecordsError:
        logger.exception("The answer to petition %s could not be filed.", petition.pk)
        return False
    return True
