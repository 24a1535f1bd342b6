"""Nobody reaches an application, a service's forms or a payment they may not see: not anybody
on another town's host, not a clerk of another unit, not another citizen. Every page of the
online services with an object in its URL, found by walking the ``catalogue``,
``applications``, ``services_staff`` and ``payments`` namespaces, is requested with the keys
of one object of each kind; the answer is 404 (or 405 where a page only takes POST), and
nothing of the object appears in it.
"""

import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rathaus.core.accounts.roles import TOWN_WIDE_ROLES, Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.tenancy import for_town
from rathaus.core.tests.test_town_isolation import sign_in
from rathaus.services.models import ApplicationMessage, CallbackRequest
from rathaus.services.payments.services import start_payment

from .factories import ApplicationFactory, FormDefinitionFactory

HOST_B = "musterstadt.localhost"
NAMESPACES = ("catalogue:", "applications:", "services_staff:", "payments:")
MARK = "Lindenweg"


class Objects:
    """One object of each kind, for the Ordnungsamt of Weiterstadt (town A)."""

    def __init__(self, parking, citizen):
        parking.name = f"Parkausweis {MARK}"
        parking.summary = f"Für den {MARK}"
        parking.offers_callback = True
        parking.save()
        self.service = parking
        self.form = parking.form_versions.get()
        self.draft_form = FormDefinitionFactory(service=parking, number=2, published_at=None)
        self.application = ApplicationFactory(
            service=parking,
            form=self.form,
            applicant=citizen,
            applicant_name=f"Petra {MARK}",
            reference=f"2026-{MARK[:3].upper()}-001",
            state="paying",
            submitted_at=parking.created_at,
            fee_cents=3070,
        )
        self.message = ApplicationMessage.objects.create(
            application=self.application, direction="to_applicant", text=f"Frage {MARK}"
        )
        self.callback = CallbackRequest.objects.create(
            service=parking, name=f"Rita {MARK}", phone="06151 1"
        )
        self.payment = start_payment(
            application=self.application,
            items=[{"description": f"Gebühr {MARK}", "amount_cents": 3070}],
            purpose="Parkausweis",
            return_url="/antraege/",
        )

    def kwargs_for(self, name: str, keys: set[str]) -> dict:
        short = name.split(":", 1)[1]
        values = {
            "slug": self.service.slug,
            "index": 0,
            "token": "x" * 43,
            "message_pk": self.message.pk,
            "form_pk": self.form.pk,
            "field_id": "kennzeichen",
            "page_id": "person",
            "queue": "neu",
        }
        if short.startswith("callback"):
            values["pk"] = self.callback.pk
        elif name.startswith("payments:"):
            values["pk"] = (
                self.payment.provider_transaction_id
                if short.startswith("test_")
                else self.payment.pk
            )
        elif name.startswith("services_staff:") and not short.startswith(
            ("case", "take", "assign", "query", "note", "decide", "close", "file_now")
        ):
            values["pk"] = self.service.pk
        else:
            values["pk"] = self.application.pk
        return {key: values[key] for key in keys if key in values}


def service_pages(resolver=None, namespace="") -> dict[str, set[str]]:
    pages = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            pages |= service_pages(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            pages[namespace + pattern.name] = set(pattern.pattern.regex.groupindex)
    return pages


def object_pages(objects) -> dict[str, dict]:
    return {
        name: objects.kwargs_for(name, keys)
        for name, keys in service_pages().items()
        # The test provider's REST API is the payment platform's, with its own tokens.
        if keys - {"queue"} and not name.startswith("payments:test_api")
    }


@pytest.fixture
def objects(parking, citizen):
    return Objects(parking, citizen)


@pytest.fixture
def everybody_of_b(other_town):
    """Musterstadt's member of staff holding every role, signed in on Musterstadt's host."""
    with for_town(other_town):
        staff = StaffFactory(email="amt@musterstadt.example")
        unit = UnitFactory(name="Ordnungsamt", code="32")
        for role in TOWN_WIDE_ROLES - {Role.PROVIDER_ADMINISTRATOR}:
            RoleAssignmentFactory(user=staff, role=role, unit=None)
        for role in (Role.CLERK, Role.UNIT_LEAD):
            RoleAssignmentFactory(user=staff, role=role, unit=unit)
    return sign_in(Client(HTTP_HOST=HOST_B), staff, verified=True)


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def _assert_refused(client, url: str, where: str) -> None:
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in {302, 404, 405}, f"{method.upper()} {where}: {response}"
        if response.status_code == 302:
            assert (
                "/anmelden/" in response["Location"] or "/zwei-faktor/" in response["Location"]
            ), f"{method.upper()} {where} redirects to {response['Location']}"
        assert MARK not in _text(response), f"{method.upper()} {where} shows the object"


def test_every_page_with_an_object_is_in_the_catalogue(objects):
    pages = object_pages(objects)
    assert len(pages) > 20
    for name, kwargs in pages.items():
        reverse(name, kwargs=kwargs)


def test_anybody_of_another_town_gets_404_for_every_object(objects, everybody_of_b):
    for name, kwargs in object_pages(objects).items():
        _assert_refused(everybody_of_b, reverse(name, kwargs=kwargs), f"{name} from town B")


APPLICANT_PAGES = ("applications:", "payments:return")


def test_another_citizen_gets_404_for_the_applicants_pages(objects, client):
    client.force_login(UserFactory())
    for name, kwargs in object_pages(objects).items():
        if name.startswith(APPLICANT_PAGES) and "slug" not in kwargs:
            _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} as another citizen")


def test_a_clerk_of_another_unit_gets_404_for_the_units_applications(objects, client):
    stranger = StaffFactory()
    unit = UnitFactory(code="60", name="Bauamt")
    for role in (Role.CLERK, Role.UNIT_LEAD):
        RoleAssignmentFactory(user=stranger, role=role, unit=unit)
    sign_in(client, stranger, verified=True)
    for name, kwargs in object_pages(objects).items():
        if name.startswith("services_staff:"):
            _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} as another unit")


def test_the_same_ids_open_for_the_people_they_belong_to(objects, citizen, clerk, client):
    client.force_login(citizen)
    response = client.get(reverse("applications:detail", args=[objects.application.pk]))
    assert response.status_code == 200 and MARK in _text(response)
    other = Client()
    sign_in(other, clerk, verified=True)
    response = other.get(reverse("services_staff:service_forms", args=[objects.service.pk]))
    assert response.status_code in {200, 404}  # clerks handle; only leads design forms
    assert uuid.UUID(str(objects.application.pk))


def test_the_api_answers_404_or_401_across_towns(objects, other_town, clerk):
    from rathaus.core.accounts.api_tokens import create_token

    with for_town(other_town):
        staff_b = StaffFactory(email="api@musterstadt.example")
        unit_b = UnitFactory(code="32")
        for role in (Role.CLERK, Role.UNIT_LEAD):
            RoleAssignmentFactory(user=staff_b, role=role, unit=unit_b)
        _token, secret_b = create_token(actor=staff_b, name="Musterstadt")
        citizen_b = UserFactory(email="buerger@musterstadt.example")
    _token, secret_a = create_token(actor=clerk, name="Weiterstadt")
    api = "/api/v1"
    b = Client(HTTP_HOST=HOST_B)
    bearer_b = {"HTTP_AUTHORIZATION": f"Bearer {secret_b}"}
    application = objects.application.pk
    assert b.get(f"{api}/services/{objects.service.slug}").status_code == 404
    response = b.get(f"{api}/staff/applications/{application}", **bearer_b)
    assert response.status_code == 404 and MARK not in _text(response)
    assert MARK not in _text(b.get(f"{api}/staff/applications?queue=open", **bearer_b))
    wrong_town = b.get(f"{api}/staff/applications", HTTP_AUTHORIZATION=f"Bearer {secret_a}")
    assert wrong_town.status_code == 401
    sign_in(b, citizen_b)
    assert b.get(f"{api}/me/applications/{application}").status_code == 404
