"""A citizen writes a petition: errors keep every value, a reference number per town and
year, one petition per submission even when sent twice, a receipt by e-mail."""

import re
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rathaus.core.audit.models import AuditEntry
from rathaus.core.notifications.models import Message

from ..models import Petition
from ..services.submission import next_reference, submit_petition
from .conftest import form_data, pdf_upload

NEW = "/eingaben/neu/"


def test_without_an_account_the_form_asks_to_sign_in(client):
    response = client.get(NEW)
    assert response.status_code == 302
    assert "/anmelden/" in response["Location"]


def test_the_start_page_explains_the_right_of_petition(client, council):
    page = client.get("/eingaben/").content.decode()
    assert "Article 17 of the Basic Law" in page
    assert "How long it takes" in page
    assert "Privacy" in page
    assert "Stadtverordnetenversammlung" in page


def test_errors_keep_every_value(citizen_client, order_addressee):
    data = form_data(order_addressee, subject="", consent="")
    response = citizen_client.post(NEW, data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Enter a subject." in page
    assert "Agree to the processing of your data" in page
    assert "Der Gehweg in der Darmstädter Straße ist abends zugeparkt." in page
    assert f'value="{order_addressee.pk}" selected' in page
    assert re.search(r'value="complaint"[^>]* checked', page)
    assert Petition.objects.count() == 0


def test_a_valid_attachment_is_kept_when_other_answers_are_wrong(
    citizen_client, order_addressee, outbox
):
    data = form_data(order_addressee, text="", attachment=pdf_upload())
    page = citizen_client.post(NEW, data).content.decode()
    assert "Write your petition." in page
    assert "foto-gehweg.pdf" in page
    kept = page.split('name="kept_attachment" value="')[1].split('"')[0]
    key = page.split('name="submission_key" value="')[1].split('"')[0]
    response = citizen_client.post(
        NEW, form_data(order_addressee, kept_attachment=kept, submission_key=key)
    )
    assert response.status_code == 302
    petition = Petition.objects.get()
    assert str(petition.attachment_id) == kept


def test_a_file_that_is_not_a_pdf_or_image_is_refused(citizen_client, order_addressee):
    upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00" * 100, "application/octet-stream")
    response = citizen_client.post(NEW, form_data(order_addressee, attachment=upload))
    assert response.status_code == 200
    assert Petition.objects.count() == 0
    assert 'id="id_attachment' in response.content.decode()


def test_sending_gives_a_reference_number_a_receipt_and_a_page(
    citizen_client, citizen, order_addressee, outbox
):
    response = citizen_client.post(NEW, form_data(order_addressee))
    petition = Petition.objects.get()
    assert response["Location"] == reverse("petitions:sent", args=[petition.pk])
    assert petition.reference.startswith("E-20") and petition.reference.endswith("-0001")
    assert petition.submitter == citizen
    assert petition.status == "received"
    assert petition.unit == order_addressee.unit
    page = citizen_client.get(response["Location"]).content.decode()
    assert petition.reference in page
    (mail,) = outbox
    assert mail.to == [citizen.email]
    assert petition.reference in mail.subject
    assert Message.objects.filter(recipient=citizen).count() == 1
    assert AuditEntry.objects.about(petition).filter(summary="petition sent").exists()


def test_the_text_is_stored_encrypted(citizen, order_addressee):
    from django.db import connection

    petition = submit_petition(
        submitter=citizen,
        addressee=order_addressee,
        kind="suggestion",
        subject="Bänke",
        text="Geheimer Inhalt mit Namen",
        consent=True,
        idempotency_key=uuid.uuid4(),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT text, subject FROM petitions_petition WHERE reference = %s",
            [petition.reference],
        )
        text, subject = cursor.fetchone()
    assert "Geheimer" not in text and "Bänke" not in subject


def test_sending_twice_with_the_same_key_creates_one_petition(citizen_client, order_addressee):
    key = str(uuid.uuid4())
    first = citizen_client.post(NEW, form_data(order_addressee, submission_key=key))
    second = citizen_client.post(NEW, form_data(order_addressee, submission_key=key))
    assert Petition.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_reference_numbers_are_unique_and_counted_per_year(citizen, order_addressee):
    references = [
        submit_petition(
            submitter=citizen,
            addressee=order_addressee,
            kind="suggestion",
            subject=f"Anregung {n}",
            text="Text",
            consent=True,
            idempotency_key=uuid.uuid4(),
        ).reference
        for n in range(3)
    ]
    year = references[0].split("-")[1]
    assert references == [f"E-{year}-0001", f"E-{year}-0002", f"E-{year}-0003"]
    assert next_reference(year=2031) == "E-2031-0001"


def test_reference_numbers_are_counted_per_town(citizen, order_addressee, other_town):
    from rathaus.core.tenancy import for_town

    first = next_reference(year=2030)
    with for_town(other_town):
        assert next_reference(year=2030) == "E-2030-0001"
    assert first == "E-2030-0001"
    assert next_reference(year=2030) == "E-2030-0002"


def test_staff_cannot_send_petitions_through_the_citizens_form(clerk_client, order_addressee):
    assert clerk_client.get(NEW).status_code == 404


def test_an_inactive_addressee_cannot_be_chosen(citizen_client, order_addressee):
    order_addressee.is_active = False
    order_addressee.save()
    response = citizen_client.post(NEW, form_data(order_addressee))
    assert response.status_code == 200
    assert "Choose one of the addressees offered." in response.content.decode()
    assert Petition.objects.count() == 0


def test_a_flood_of_petitions_is_stopped(citizen_client, order_addressee):
    for _ in range(5):
        assert citizen_client.post(NEW, form_data(order_addressee)).status_code == 302
    response = citizen_client.post(NEW, form_data(order_addressee))
    assert response.status_code == 200
    assert "too often" in response.content.decode()
    assert Petition.objects.count() == 5


@pytest.mark.parametrize("text", ["<script>alert(1)</script>"])
def test_html_in_the_text_is_shown_as_text(citizen_client, order_addressee, text):
    citizen_client.post(NEW, form_data(order_addressee, text=text, subject=text))
    petition = Petition.objects.get()
    page = citizen_client.get(reverse("petitions:detail", args=[petition.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page
