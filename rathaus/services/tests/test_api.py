"""The JSON API: the public catalogue, an applicant's own applications, the clerks' case API
with API tokens, and the OpenAPI document with its offline documentation page."""

import datetime
import re
import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rathaus.core.accounts.api_tokens import ApiToken, create_token, revoke_token
from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.notifications.models import Message
from rathaus.core.staff.tests.conftest import sign_in_verified
from rathaus.core.tenancy import for_town
from rathaus.records.models import ProcedureNote
from rathaus.records.services.routes import StepData, start_route
from rathaus.services.exceptions import RouteStillRunning
from rathaus.services.models import Application, LifeSituation

from .factories import ApplicationFactory, ServiceFactory

API = "/api/v1"


@pytest.fixture
def secret(clerk):
    _token, secret = create_token(actor=clerk, name="Fachverfahren Ordnungsamt")
    return secret


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


# --- the OpenAPI document and the documentation page -------------------------------------------


def test_the_openapi_document_describes_every_endpoint(client):
    response = client.get(f"{API}/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Rathaus API"
    assert {
        f"{API}/services/",
        f"{API}/services/{{slug}}",
        f"{API}/services/{{slug}}/form",
        f"{API}/services/{{slug}}/form/schema",
        f"{API}/me/applications",
        f"{API}/me/applications/{{application_id}}",
        f"{API}/staff/applications",
        f"{API}/staff/applications/{{application_id}}",
        f"{API}/staff/applications/{{application_id}}/assign",
        f"{API}/staff/applications/{{application_id}}/queries",
        f"{API}/staff/applications/{{application_id}}/notes",
        f"{API}/staff/applications/{{application_id}}/decision",
        f"{API}/staff/applications/{{application_id}}/close",
    } <= set(document["paths"])
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= schemes["ApiTokenAuth"].items()
    decision = document["paths"][f"{API}/staff/applications/{{application_id}}/decision"]
    assert {"201", "401", "404", "409", "422"} <= set(decision["post"]["responses"])


def test_the_docs_page_works_offline_and_without_inline_scripts(client):
    response = client.get(f"{API}/docs")

    assert response.status_code == 200
    page = response.content.decode()
    assert "http://" not in page and "https://" not in page
    scripts = re.findall(r"<script([^>]*)>", page)
    assert scripts and all("src=" in attrs or "application/json" in attrs for attrs in scripts)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert len(assets) == 4
    for url in assets:
        asset = client.get(url)
        assert asset.status_code == 200, url
        assert b"".join(asset.streaming_content)
    assert client.get(f"{API}/docs/assets/redoc.standalone.js.map").status_code == 404


# --- the public catalogue ---------------------------------------------------------------------


def test_the_catalogue_lists_only_published_services(client, parking):
    ServiceFactory(name="Entwurf einer Leistung", is_published=False)

    response = client.get(f"{API}/services/")

    assert response.status_code == 200
    body = response.json()
    assert [item["slug"] for item in body["items"]] == ["bewohnerparkausweis"]
    assert body["count"] == 1
    assert body["items"][0]["online"] is True


def test_the_catalogue_finds_a_service_despite_a_typo(client, parking):
    ServiceFactory(name="Hundesteuer anmelden", summary="Hunde anmelden")

    response = client.get(f"{API}/services/", {"q": "bewohnerparkauswies"})

    assert [item["name"] for item in response.json()["items"]] == ["Bewohnerparkausweis"]


def test_the_catalogue_filters_by_audience_and_life_situation(client, parking):
    trade = ServiceFactory(name="Gewerbe anmelden", audience="businesses")
    moving = LifeSituation.objects.create(slug="umzug", title="Umzug")
    parking.life_situations.add(moving)

    by_audience = client.get(f"{API}/services/", {"audience": "businesses"}).json()
    by_situation = client.get(f"{API}/services/", {"situation": "umzug"}).json()

    assert [item["slug"] for item in by_audience["items"]] == [trade.slug]
    assert [item["slug"] for item in by_situation["items"]] == [parking.slug]
    assert client.get(f"{API}/services/", {"audience": "aliens"}).status_code == 422


def test_a_service_shows_what_the_catalogue_says_about_it(client, parking):
    parking.required_documents = "Fahrzeugschein\nPersonalausweis"
    parking.leika_key = "99050012104000"
    parking.offers_callback = True
    parking.save()

    response = client.get(f"{API}/services/bewohnerparkausweis")

    assert response.status_code == 200
    service = response.json()
    assert service["name"] == "Bewohnerparkausweis"
    assert service["unit"] == "Ordnungsamt"
    assert service["leika_key"] == "99050012104000"
    assert service["required_documents"] == ["Fahrzeugschein", "Personalausweis"]
    assert service["processing_days"] == 5
    assert service["online"] is True and service["form_version"] == 1
    assert service["alternatives"]["callback_url"].startswith("http://testserver/")
    assert service["alternatives"]["paper_form_url"].endswith("/formular.pdf")


def test_an_unpublished_service_is_not_found(client):
    draft = ServiceFactory(is_published=False)

    assert client.get(f"{API}/services/{draft.slug}").status_code == 404
    assert client.get(f"{API}/services/{draft.slug}/form").status_code == 404


def test_the_form_and_its_json_schema(client, parking):
    form = client.get(f"{API}/services/bewohnerparkausweis/form").json()
    schema = client.get(f"{API}/services/bewohnerparkausweis/form/schema").json()

    assert form["version"] == 1
    assert form["definition"]["pages"]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "kennzeichen" in schema["properties"]


def test_a_service_without_a_published_form_has_no_form(client):
    service = ServiceFactory()

    assert client.get(f"{API}/services/{service.slug}").json()["online"] is False
    response = client.get(f"{API}/services/{service.slug}/form/schema")
    assert response.status_code == 404
    assert response.json() == {"detail": "This service has no published form yet."}


# --- the applicant's own applications ---------------------------------------------------------


def test_a_citizen_sees_only_their_own_applications(citizen_client, received):
    someone_elses = ApplicationFactory(service=received.service, applicant=UserFactory())

    listed = citizen_client.get(f"{API}/me/applications").json()
    detail = citizen_client.get(f"{API}/me/applications/{received.pk}")

    assert [item["id"] for item in listed["items"]] == [str(received.pk)]
    assert detail.status_code == 200
    body = detail.json()
    assert body["reference"] == received.reference
    assert body["state"] == "submitted"
    assert body["service"] == {"slug": "bewohnerparkausweis", "name": "Bewohnerparkausweis"}
    assert "received" in [event["kind"] for event in body["events"]]
    assert citizen_client.get(f"{API}/me/applications/{someone_elses.pk}").status_code == 404


def test_my_applications_need_a_signed_in_person(client, received):
    assert client.get(f"{API}/me/applications").status_code == 401
    assert client.get(f"{API}/me/applications/{received.pk}").status_code == 401


# --- the clerks' case API ---------------------------------------------------------------------


def _no_token(clerk):
    return {}


def _invalid_token(clerk):
    return bearer("not-a-token")


def _revoked_token(clerk):
    token, secret = create_token(actor=clerk, name="Alt")
    revoke_token(actor=clerk, token=token)
    return bearer(secret)


def _expired_token(clerk):
    token, secret = create_token(actor=clerk, name="Abgelaufen")
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    return bearer(secret)


def _basic_auth(clerk):
    return {"Authorization": "Basic Y2xhcmE6c2VjcmV0"}


@pytest.mark.parametrize(
    "headers", [_no_token, _invalid_token, _revoked_token, _expired_token, _basic_auth]
)
def test_the_staff_api_needs_a_valid_token(client, clerk, received, headers):
    for response in (
        client.get(f"{API}/staff/applications", headers=headers(clerk)),
        client.get(f"{API}/staff/applications/{received.pk}", headers=headers(clerk)),
        client.post(
            f"{API}/staff/applications/{received.pk}/queries",
            {"text": "Bitte melden"},
            content_type="application/json",
            headers=headers(clerk),
        ),
    ):
        assert response.status_code == 401
        assert response.json() == {"detail": "Unauthorized"}
    received.refresh_from_db()
    assert received.state == "submitted"


def test_a_signed_in_session_is_no_token(clerk_client, received):
    assert clerk_client.get(f"{API}/staff/applications/{received.pk}").status_code == 401


def test_a_token_of_another_town_is_unknown_here(client, other_town, received):
    with for_town(other_town):
        stranger = StaffFactory()
        _token, secret = create_token(actor=stranger, name="Musterstadt")

    assert client.get(f"{API}/staff/applications", headers=bearer(secret)).status_code == 401


def test_the_queue_lists_the_units_applications(client, secret, received):
    ApplicationFactory(service=received.service)  # a draft never reaches the queue

    response = client.get(f"{API}/staff/applications", {"queue": "new"}, headers=bearer(secret))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    row = body["items"][0]
    assert row["reference"] == received.reference
    assert row["applicant_name"] == "Petra Parker"
    assert row["assigned_to"] is None
    mine = client.get(f"{API}/staff/applications", {"queue": "mine"}, headers=bearer(secret))
    assert mine.json()["count"] == 0
    other = client.get(
        f"{API}/staff/applications", {"service": str(uuid.uuid4())}, headers=bearer(secret)
    )
    assert other.json()["count"] == 0
    unknown_queue = client.get(
        f"{API}/staff/applications", {"queue": "neu"}, headers=bearer(secret)
    )
    assert unknown_queue.status_code == 422


def test_a_queue_page_needs_the_same_queries_for_more_rows(client, clerk, secret, parking):
    def arrived(number):
        ApplicationFactory(
            service=parking,
            reference=f"2026-API-{number:03}",
            applicant_name=f"Person {number}",
            state="in_progress",
            received_at=timezone.now(),
            assigned_to=clerk,
        )

    def queries_for_one_page():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{API}/staff/applications", headers=bearer(secret))
        assert response.status_code == 200
        return len(queries), response.json()["count"]

    arrived(1)
    queries_for_one_page()  # the first use of the token notes when it was used
    few, count = queries_for_one_page()
    assert count == 1
    for number in range(2, 6):
        arrived(number)
    many, count = queries_for_one_page()
    assert count == 5
    assert many == few


def test_the_case_shows_what_the_case_page_shows(client, secret, received):
    response = client.get(f"{API}/staff/applications/{received.pk}", headers=bearer(secret))

    assert response.status_code == 200
    case = response.json()
    assert case["reference"] == received.reference
    assert case["answers"]["kennzeichen"] == "DA-PP 42"
    rows = {row["label"]: row["value"] for page in case["summary"] for row in page["rows"]}
    assert "DA-PP 42" in rows.values()
    assert case["fee_cents"] == received.fee_cents > 0
    assert sum(item["amount_cents"] for item in case["fees"]) == received.fee_cents
    assert case["procedure"]["reference"] == received.procedure.reference
    assert case["is_open"] is True and case["co_signing_running"] is False
    assert [event["kind"] for event in case["events"]][-1] == "received"


def test_a_clerk_of_another_unit_gets_404(client, received):
    stranger = StaffFactory()
    RoleAssignmentFactory(user=stranger, role=Role.CLERK, unit=UnitFactory(code="60"))
    _token, secret = create_token(actor=stranger, name="Bauamt")

    listed = client.get(f"{API}/staff/applications", headers=bearer(secret))
    detail = client.get(f"{API}/staff/applications/{received.pk}", headers=bearer(secret))
    query = client.post(
        f"{API}/staff/applications/{received.pk}/queries",
        {"text": "Bitte melden"},
        content_type="application/json",
        headers=bearer(secret),
    )

    assert listed.json()["count"] == 0
    assert detail.status_code == 404
    assert query.status_code == 404
    received.refresh_from_db()
    assert received.state == "submitted"


def test_a_query_waits_for_the_applicant_and_reaches_their_postbox(
    client, clerk, secret, received, citizen, django_capture_on_commit_callbacks
):
    # A client with CSRF checks on: token requests carry no cookie, so they need no CSRF token.
    csrf_client = Client(enforce_csrf_checks=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = csrf_client.post(
            f"{API}/staff/applications/{received.pk}/queries",
            {"text": "Bitte laden Sie die Rückseite des Fahrzeugscheins hoch."},
            content_type="application/json",
            headers=bearer(secret),
        )

    assert response.status_code == 201
    message = response.json()
    assert message["purpose"] == "query" and message["direction"] == "to_applicant"
    assert message["author"]["name"] == "Clara Klein"
    received.refresh_from_db()
    assert received.state == "query"
    assert received.assigned_to == clerk
    assert Message.objects.filter(recipient=citizen).exists()
    assert any(received.reference in m.subject for m in Message.objects.filter(recipient=citizen))


def test_invalid_input_gives_422(client, secret, received):
    empty = client.post(
        f"{API}/staff/applications/{received.pk}/queries",
        {"text": "   "},
        content_type="application/json",
        headers=bearer(secret),
    )
    unknown_clerk = client.post(
        f"{API}/staff/applications/{received.pk}/assign",
        {"clerk": str(uuid.uuid4())},
        content_type="application/json",
        headers=bearer(secret),
    )

    assert empty.status_code == 422
    assert empty.json()["detail"][0]["loc"][-1] == "text"
    assert unknown_clerk.status_code == 422
    received.refresh_from_db()
    assert received.state == "submitted"


def test_taking_and_assigning_through_the_api(client, clerk, secret, received, order_office):
    colleague = StaffFactory(given_name="Karl", family_name="Kollege")
    RoleAssignmentFactory(user=colleague, role=Role.CLERK, unit=order_office)
    outsider = StaffFactory()

    taken = client.post(
        f"{API}/staff/applications/{received.pk}/assign",
        {"clerk": None},
        content_type="application/json",
        headers=bearer(secret),
    )
    given = client.post(
        f"{API}/staff/applications/{received.pk}/assign",
        {"clerk": str(colleague.pk)},
        content_type="application/json",
        headers=bearer(secret),
    )
    refused = client.post(
        f"{API}/staff/applications/{received.pk}/assign",
        {"clerk": str(outsider.pk)},
        content_type="application/json",
        headers=bearer(secret),
    )

    assert taken.status_code == 200
    assert taken.json()["assigned_to"]["id"] == str(clerk.pk)
    assert taken.json()["state"] == "in_progress"
    assert given.json()["assigned_to"] == {"id": str(colleague.pk), "name": "Karl Kollege"}
    assert refused.status_code == 409
    assert refused.json() == {"detail": "You do not handle applications for this service."}


def test_a_note_is_filed_in_the_e_file(client, secret, received):
    response = client.post(
        f"{API}/staff/applications/{received.pk}/notes",
        {"text": "Halterin telefonisch bestätigt."},
        content_type="application/json",
        headers=bearer(secret),
    )

    assert response.status_code == 201
    note = ProcedureNote.objects.get(pk=response.json()["id"])
    assert note.procedure == received.procedure
    assert note.text == "Halterin telefonisch bestätigt."


def test_a_decision_while_co_signing_runs_is_refused_with_409(client, clerk, secret, received):
    lead = StaffFactory()
    RoleAssignmentFactory(user=lead, role=Role.UNIT_LEAD, unit=received.service.unit)
    start_route(
        actor=clerk,
        procedure=received.procedure,
        subject="Mitzeichnung Bescheid",
        steps=[StepData(position=1, kind="cosign", user=lead)],
    )

    response = client.post(
        f"{API}/staff/applications/{received.pk}/decision",
        {"subject": "Erteilt", "body": "Der Ausweis gilt für die Zone A."},
        content_type="application/json",
        headers=bearer(secret),
    )

    assert response.status_code == 409
    assert response.json() == {"detail": str(RouteStillRunning.message)}
    received.refresh_from_db()
    assert received.state == "submitted"
    assert client.get(f"{API}/staff/applications/{received.pk}", headers=bearer(secret)).json()[
        "co_signing_running"
    ]


def test_decide_and_close_through_the_api(
    client, secret, received, citizen, django_capture_on_commit_callbacks
):
    too_early = client.post(f"{API}/staff/applications/{received.pk}/close", headers=bearer(secret))
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(
            f"{API}/staff/applications/{received.pk}/decision",
            {"subject": "Ihr Bewohnerparkausweis wird erteilt", "body": "Zone A."},
            content_type="application/json",
            headers=bearer(secret),
        )
    closed = client.post(f"{API}/staff/applications/{received.pk}/close", headers=bearer(secret))

    assert too_early.status_code == 409
    assert decided.status_code == 201
    assert decided.json()["purpose"] == "notice"
    assert decided.json()["document_id"]
    assert closed.status_code == 200
    assert closed.json()["state"] == "closed"
    assert closed.json()["is_open"] is False
    received.refresh_from_db()
    assert received.state == Application.State.CLOSED
    mine = Client()
    mine.force_login(citizen)
    messages = mine.get(f"{API}/me/applications/{received.pk}").json()["messages"]
    assert [m["purpose"] for m in messages] == ["notice"]


def test_a_session_of_staff_is_refused_by_the_staff_api_even_with_second_factor(client, clerk):
    sign_in_verified(client, clerk)

    assert client.get(f"{API}/staff/applications").status_code == 401
