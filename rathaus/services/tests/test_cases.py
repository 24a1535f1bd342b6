"""The clerk's side: queue, query and answer, co-signing, notice, closing."""

import pytest
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    MembershipFactory,
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.notifications.models import Message
from rathaus.core.staff.tests.conftest import sign_in_verified
from rathaus.records.models import Document
from rathaus.records.services.routes import StepData, decide, start_route
from rathaus.services import demo_forms
from rathaus.services.exceptions import RouteStillRunning
from rathaus.services.models import Application
from rathaus.services.services import cases
from rathaus.services.services.applications import (
    start_application,
)

from .conftest import pdf_upload
from .factories import ApplicationFactory, FormDefinitionFactory, ServiceFactory


def test_the_application_is_in_the_units_queue_and_nowhere_else(clerk_client, received, client):
    page = clerk_client.get(reverse("services_staff:queue", args=["neu"]))
    assert received.reference in page.content.decode()

    stranger = StaffFactory()
    RoleAssignmentFactory(user=stranger, role=Role.CLERK, unit=UnitFactory(code="60"))
    other = client.__class__()
    sign_in_verified(other, stranger)
    assert (
        received.reference
        not in other.get(reverse("services_staff:queue", args=["neu"])).content.decode()
    )
    assert other.get(reverse("services_staff:case", args=[received.pk])).status_code == 404


def test_query_answer_and_decision_are_all_in_the_e_file(
    clerk, clerk_client, received, citizen, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            reverse("services_staff:query", args=[received.pk]),
            {"q-text": "Bitte laden Sie die Rückseite des Fahrzeugscheins hoch."},
        )
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.state == "query"
    assert any(received.reference in m.subject for m in Message.objects.filter(recipient=citizen))
    assert any(received.reference in mail.subject for mail in outbox)

    citizen_client = clerk_client.__class__()
    citizen_client.force_login(citizen)
    detail = citizen_client.get(reverse("applications:detail", args=[received.pk]))
    assert "Rückseite des Fahrzeugscheins" in detail.content.decode()
    answer = citizen_client.post(
        reverse("applications:answer", args=[received.pk]),
        {"r-text": "Hier ist die Rückseite.", "r-files": [pdf_upload("rueckseite.pdf")]},
    )
    assert answer.status_code == 302
    received.refresh_from_db()
    assert received.state == "in_progress"

    # Co-signing by the unit lead before the notice.
    lead = StaffFactory(given_name="Leo", family_name="Lang")
    RoleAssignmentFactory(user=lead, role=Role.UNIT_LEAD, unit=received.service.unit)
    route = start_route(
        actor=clerk,
        procedure=received.procedure,
        subject="Mitzeichnung Bescheid",
        steps=[StepData(position=1, kind="cosign", user=lead)],
    )
    with pytest.raises(RouteStillRunning):
        cases.decide(actor=clerk, application=received, subject="Erteilt", body="Text")
    decide(actor=lead, step=route.steps.get(), decision="approve")

    with django_capture_on_commit_callbacks(execute=True):
        response = clerk_client.post(
            reverse("services_staff:decide", args=[received.pk]),
            {
                "d-subject": "Ihr Bewohnerparkausweis wird erteilt",
                "d-body": "Der Ausweis gilt für die Zone A.",
            },
        )
    assert response.status_code == 302
    received.refresh_from_db()
    assert received.state == "decided"
    titles = set(
        Document.objects.filter(procedure=received.procedure).values_list("title", flat=True)
    )
    assert {
        f"Antrag {received.reference}",
        f"Nachfrage zu {received.reference}",
        f"Antwort zu {received.reference}",
        "Nachgereicht: rueckseite.pdf",
        f"Bescheid {received.reference}",
    } <= titles
    notice_mail = [m for m in outbox if "decided" in m.subject or "entschieden" in m.subject]
    assert notice_mail and notice_mail[-1].attachments[0][2] == "application/pdf"

    detail = citizen_client.get(reverse("applications:detail", args=[received.pk]))
    notice = received.messages.get(purpose="notice")
    download = citizen_client.get(reverse("applications:document", args=[received.pk, notice.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")

    closed = clerk_client.post(reverse("services_staff:close", args=[received.pk]))
    assert closed.status_code == 302
    received.refresh_from_db()
    assert received.state == "closed"
    assert received.processing_time is not None


def test_a_query_without_text_keeps_the_page_with_an_error(clerk_client, received):
    response = clerk_client.post(
        reverse("services_staff:query", args=[received.pk]), {"q-text": ""}
    )
    assert response.status_code == 400
    assert "Write what the applicant should send." in response.content.decode() or (
        "Schreiben Sie" in response.content.decode()
    )


def test_a_business_member_applies_for_the_business(client, order_office):
    service = ServiceFactory(
        slug="gewerbeanmeldung", name="Gewerbeanmeldung", audience="businesses", unit=order_office
    )
    FormDefinitionFactory(service=service, definition=demo_forms.BUSINESS_REGISTRATION)
    member = UserFactory()
    membership = MembershipFactory(user=member, organisation__name="Bäcker & Söhne GmbH")
    client.force_login(member)
    start = client.get(reverse("applications:start", args=[service.slug]))
    assert "Bäcker &amp; Söhne GmbH" in start.content.decode()
    response = client.post(
        reverse("applications:start", args=[service.slug]),
        {"on_behalf": str(membership.organisation_id)},
    )
    application = Application.objects.get()
    assert response.status_code == 302
    assert application.organisation == membership.organisation
    assert application.answers["firmenname"] == membership.organisation.name

    colleague = MembershipFactory(organisation=membership.organisation).user
    assert application in Application.objects.of_applicant(colleague)
    assert application not in Application.objects.of_applicant(UserFactory())


def test_a_person_without_business_cannot_apply_for_one(client, order_office):
    service = ServiceFactory(slug="gewerbe", audience="businesses", unit=order_office)
    FormDefinitionFactory(service=service, definition=demo_forms.BUSINESS_REGISTRATION)
    client.force_login(UserFactory())
    response = client.post(
        reverse("applications:start", args=[service.slug]), {"on_behalf": "self"}
    )
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_a_running_draft_keeps_its_form_version(citizen, parking):
    application = start_application(service=parking, applicant=citizen)
    FormDefinitionFactory(service=parking, number=2, definition=demo_forms.PARKING_PERMIT)
    application.refresh_from_db()
    assert application.form.number == 1
    assert start_application(service=parking, applicant=citizen).form.number == 2


def test_queue_tabs_count_the_open_applications_with_a_constant_number_of_queries(
    clerk, clerk_client, received, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("services_staff:queue", args=["neu"])
    with CaptureQueriesContext(connection) as few:
        body = clerk_client.get(url).content.decode()
    assert "(1)" in body
    for _more in range(3):
        ApplicationFactory(
            service=received.service,
            form=received.form,
            state="submitted",
            received_at=received.received_at,
            reference=f"2026-XYZ-{_more}",
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        body = clerk_client.get(url).content.decode()
    assert "(4)" in body
    cases.assign(actor=clerk, application=received, to=clerk)
    mine = clerk_client.get(reverse("services_staff:queue", args=["meine"])).content.decode()
    assert received.reference in mine and "2026-XYZ-0" not in mine
