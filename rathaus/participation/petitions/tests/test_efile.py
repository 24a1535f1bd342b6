"""A petition becomes a procedure in the addressee's e-file (through records' public
services), with the petition as a PDF and the attachment; without an e-file it still
arrives and the clerks see a note."""

import io
import uuid

from pypdf import PdfReader

from rathaus.core.uploads.services import open_stored
from rathaus.records.models import Document, Procedure
from rathaus.records.tests.factories import RecordFileFactory

from ..services import handling
from ..services.submission import store_attachment, submit_petition
from .conftest import form_data, pdf_upload


def send(citizen, addressee, attachment=None):
    return submit_petition(
        submitter=citizen,
        addressee=addressee,
        kind="complaint",
        subject="Zugeparkter Gehweg",
        text="Der Gehweg ist abends zugeparkt.",
        consent=True,
        idempotency_key=uuid.uuid4(),
        attachment=attachment,
    )


def pdf_text(document: Document) -> str:
    with open_stored(document.current_version.stored_file) as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_petition_opens_a_procedure_with_its_pdf_and_attachment(
    citizen, order_addressee, petitions_file
):
    attachment = store_attachment(uploaded_file=pdf_upload(), submitter=citizen)
    petition = send(citizen, order_addressee, attachment)
    procedure = Procedure.objects.get()
    assert petition.procedure == procedure
    assert procedure.file == petitions_file
    assert petition.procedure_reference == procedure.reference
    assert petition.reference in procedure.title
    assert "Zugeparkt" not in procedure.title  # no personal content in the file's lists
    documents = {d.title: d for d in Document.objects.filter(procedure=procedure)}
    assert set(documents) == {
        f"Eingabe {petition.reference}",
        f"Anlage zur Eingabe {petition.reference}",
    }
    text = pdf_text(documents[f"Eingabe {petition.reference}"])
    assert petition.reference in text
    assert "Der Gehweg ist abends zugeparkt." in text
    assert "Petra Parker" in text
    assert list(petition.events.values_list("kind", flat=True)) == ["received", "filed"]


def test_without_an_e_file_the_petition_arrives_and_staff_see_a_note(
    citizen, council, main_clerk, client
):
    from rathaus.core.staff.tests.conftest import sign_in_verified

    petition = send(citizen, council)
    assert petition.procedure is None
    assert petition.status == "received"
    assert Procedure.objects.count() == 0
    sign_in_verified(client, main_clerk)
    page = client.get(f"/staff/eingaben/{petition.pk}/").content.decode()
    assert "The addressee has no e-file configured" in page


def test_staff_file_it_once_the_addressee_has_an_e_file(citizen, council, main_clerk):
    petition = send(citizen, council)
    council.record_file = RecordFileFactory(unit=council.unit)
    council.save()
    handling.file_now(actor=main_clerk, petition=petition)
    petition.refresh_from_db()
    assert petition.procedure.file == council.record_file
    assert Document.objects.filter(procedure=petition.procedure).count() == 1


def test_a_closed_file_does_not_lose_the_petition(citizen, order_addressee, petitions_file):
    petitions_file.state = petitions_file.State.CLOSED
    petitions_file.save()
    petition = send(citizen, order_addressee)
    assert petition.pk and petition.procedure is None
    assert Procedure.objects.count() == 0


def test_the_answer_letter_is_filed_in_the_procedure(citizen, order_addressee, clerk):
    petition = send(citizen, order_addressee)
    handling.answer_petition(
        actor=clerk, petition=petition, answer="Wir kontrollieren dort ab sofort abends."
    )
    letter = Document.objects.get(procedure=petition.procedure, kind=Document.Kind.OUTGOING)
    assert letter.title == f"Antwort auf die Eingabe {petition.reference}"
    text = pdf_text(letter)
    assert "Wir kontrollieren dort ab sofort abends." in text
    assert petition.reference in text


def test_the_form_files_the_petition_too(citizen_client, order_addressee):
    citizen_client.post("/eingaben/neu/", form_data(order_addressee, attachment=pdf_upload()))
    assert Document.objects.count() == 2
