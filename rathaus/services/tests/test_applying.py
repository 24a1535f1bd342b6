"""Applying online: the form page by page, check and send, receipt, e-file."""

import uuid

from django.urls import reverse

from rathaus.records.models import Document
from rathaus.services.models import Application
from rathaus.services.services.applications import payment_received

from .conftest import pdf_upload

PERSON = {
    "a-f-vorname": "Petra",
    "a-f-familienname": "Parker",
    "a-f-anschrift-street": "Schlossgasse 3",
    "a-f-anschrift-postcode": "64331",
    "a-f-anschrift-city": "Weiterstadt",
    "a-f-telefon": "",
    "action": "next",
}


def _start(client, service) -> Application:
    response = client.post(
        reverse("applications:start", args=[service.slug]), {"on_behalf": "self"}
    )
    assert response.status_code == 302
    return Application.objects.get()


def _fill(client, application, *, halter="selbst"):
    url = lambda index: reverse("applications:page", args=[application.pk, index])  # noqa: E731
    assert client.post(url(0), PERSON).status_code == 302
    vehicle = {
        "a-f-zone": "B",
        "a-f-kennzeichen": "DA-RH 123",
        "a-f-halter": halter,
        "a-f-zulassung": pdf_upload(),
        "action": "next",
    }
    response = client.post(url(1), vehicle)
    assert response.status_code == 302, response.context["form"].errors
    response = client.post(url(2), {"a-f-laufzeit": "2", "a-f-wahrheit": "on", "action": "next"})
    assert response.headers["Location"] == reverse("applications:check", args=[application.pk])


def _send(client, application, key=None):
    return client.post(
        reverse("applications:check", args=[application.pk]),
        {"submission_key": str(key or uuid.uuid4())},
    )


def test_the_form_is_prefilled_from_the_profile(citizen_client, parking):
    application = _start(citizen_client, parking)
    page = citizen_client.get(reverse("applications:page", args=[application.pk, 0]))
    assert 'value="Schlossgasse 3"' in page.content.decode()
    assert 'value="Petra"' in page.content.decode()


def test_an_error_keeps_what_was_entered_and_says_what_is_wrong(citizen_client, parking):
    application = _start(citizen_client, parking)
    response = citizen_client.post(
        reverse("applications:page", args=[application.pk, 1]),
        {"a-f-zone": "B", "a-f-kennzeichen": "kein kennzeichen", "action": "next"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Geben Sie das Kennzeichen wie DA-RH 123 ein." in body
    assert 'value="kein kennzeichen"' in body
    assert 'value="B" id' in body and "checked" in body


def test_a_chosen_file_is_kept_when_another_answer_is_wrong(citizen_client, parking):
    application = _start(citizen_client, parking)
    url = reverse("applications:page", args=[application.pk, 1])
    vehicle = {"a-f-zone": "B", "a-f-halter": "selbst", "action": "next"}
    response = citizen_client.post(
        url, {**vehicle, "a-f-kennzeichen": "falsch", "a-f-zulassung": pdf_upload()}
    )
    assert response.status_code == 200
    assert "f-kennzeichen" in response.context["form"].errors
    assert "f-zulassung" not in response.context["form"].errors
    assert "A file is already attached" in response.content.decode()
    application.refresh_from_db()
    kept = application.answers["zulassung"]

    response = citizen_client.post(url, {**vehicle, "a-f-kennzeichen": "DA-RH 123"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.answers["zulassung"] == kept


def test_a_field_shown_only_for_other_holders_is_not_required_for_own_car(citizen_client, parking):
    application = _start(citizen_client, parking)
    _fill(citizen_client, application, halter="selbst")
    application.refresh_from_db()
    assert "nutzungserlaubnis" not in application.answers


def test_the_conditional_upload_is_required_when_the_car_belongs_to_someone_else(
    citizen_client, parking
):
    application = _start(citizen_client, parking)
    response = citizen_client.post(
        reverse("applications:page", args=[application.pk, 1]),
        {
            "a-f-zone": "A",
            "a-f-kennzeichen": "DA-RH 123",
            "a-f-halter": "firma",
            "a-f-zulassung": pdf_upload(),
            "action": "next",
        },
    )
    assert response.status_code == 200
    assert "f-nutzungserlaubnis" in response.context["form"].errors


def test_sending_a_paid_service_waits_for_payment_then_files_everything(
    citizen_client,
    parking,
    outbox,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    application = _start(citizen_client, parking)
    _fill(citizen_client, application)
    check = citizen_client.get(reverse("applications:check", args=[application.pk]))
    assert "DA-RH 123" in check.content.decode()
    assert "61,40" in check.content.decode() or "61.40" in check.content.decode()
    response = _send(citizen_client, application)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.state == "paying"
    assert application.fee_cents == 6140
    assert application.received_at is None

    with django_capture_on_commit_callbacks(execute=True):
        payment_received(application=application)
        payment_received(application=application)

    application.refresh_from_db()
    assert application.state == "submitted"
    assert application.due_on is not None
    titles = sorted(
        Document.objects.filter(procedure=application.procedure).values_list("title", flat=True)
    )
    assert titles == sorted(
        [f"Antrag {application.reference}", "Zulassungsbescheinigung Teil I (Fahrzeugschein)"]
    )
    receipts = [m for m in outbox if application.reference in m.subject]
    assert len(receipts) == 1
    (name, content, mimetype) = receipts[0].attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")


def test_double_submit_creates_one_application(citizen_client, parking):
    application = _start(citizen_client, parking)
    _fill(citizen_client, application)
    key = uuid.uuid4()
    first = _send(citizen_client, application, key)
    second = _send(citizen_client, application, key)
    assert first.status_code == second.status_code == 302
    assert Application.objects.exclude(state="draft").count() == 1
    assert Application.objects.get().events.filter(kind="submitted").count() == 1


def test_the_second_click_of_a_double_click_also_shows_the_sent_page(citizen_client, parking):
    application = _start(citizen_client, parking)
    _fill(citizen_client, application)
    key = uuid.uuid4()
    sent = reverse("applications:sent", args=[application.pk])
    assert _send(citizen_client, application, key)["Location"] == sent
    assert _send(citizen_client, application, key)["Location"] == sent


def test_someone_elses_application_is_not_found(client, parking, citizen):
    from rathaus.core.accounts.tests.factories import UserFactory

    client.force_login(citizen)
    application = _start(client, parking)
    client.force_login(UserFactory())
    for name in ("page", "check"):
        args = [application.pk, 0] if name == "page" else [application.pk]
        assert client.get(reverse(f"applications:{name}", args=args)).status_code == 404
