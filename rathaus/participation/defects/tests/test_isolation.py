"""Nobody reaches a report or a category they may not see: not anybody on another town's
host, not a clerk of another unit, not a visitor for reports not yet public. Every page
of the ``defects`` and ``defects_staff`` namespaces with an object in its URL is
requested; the answer is 404 (or 400/405), and nothing of the object appears in it."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rathaus.core.accounts.roles import TOWN_WIDE_ROLES, Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
)
from rathaus.core.tenancy import for_town
from rathaus.core.tests.test_town_isolation import sign_in

from ..models import CategoryAttribute, Status
from ..services.questionnaire import token_for
from ..services.reporting import confirmation_token
from .factories import ReportFactory

HOST_B = "musterstadt.localhost"
NAMESPACES = ("defects:", "defects_staff:")
MARK = "Lindenweg"


def pages(resolver=None, namespace="") -> dict[str, set[str]]:
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= pages(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            found[namespace + pattern.name] = set(pattern.pattern.regex.groupindex)
    return found


class Objects:
    def __init__(self, category):
        category.name = f"Kategorie {MARK}"
        category.save()
        self.category = category
        self.report = ReportFactory(
            category=category, number=77, description=f"Loch im {MARK}", address=MARK
        )
        self.fixed = ReportFactory(
            category=category,
            number=78,
            status=Status.FIXED,
            description=f"Behoben im {MARK}",
        )
        from django.utils import timezone

        self.fixed.questionnaire_sent_at = timezone.now()
        self.fixed.save()
        self.attribute = CategoryAttribute.objects.create(
            category=category, code="x", datatype="string", question=f"Frage {MARK}"
        )

    def kwargs_for(self, name: str, keys: set[str]) -> dict:
        short = name.split(":", 1)[1]
        values = {
            "number": self.report.number,
            "code": self.category.code,
            "pk": self.attribute.pk,
        }
        if short == "confirm":
            values["token"] = confirmation_token(self.report)
        elif short == "questionnaire":
            values["token"] = token_for(self.fixed)
        elif "token" in keys:
            values["token"] = "x" * 40
        return {key: values[key] for key in keys}


def object_pages(objects) -> dict[str, dict]:
    return {
        name: objects.kwargs_for(name, keys)
        for name, keys in pages().items()
        if keys and not name.startswith("defects_staff:open311")
    }


@pytest.fixture
def objects(defect_settings, potholes):
    return Objects(potholes)


@pytest.fixture
def everybody_of_b(other_town):
    with for_town(other_town):
        staff = StaffFactory(email="amt@musterstadt.example")
        unit = UnitFactory(name="Tiefbau", code="60.2")
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
        assert response.status_code in {302, 400, 404, 405}, f"{method.upper()} {where}"
        if response.status_code == 302:
            assert (
                "/anmelden/" in response["Location"] or "/zwei-faktor/" in response["Location"]
            ), f"{method.upper()} {where} redirects to {response['Location']}"
        assert MARK not in _text(response), f"{method.upper()} {where} shows the object"


def test_every_page_with_an_object_is_in_the_catalogue(objects):
    found = object_pages(objects)
    assert {"defects:report", "defects:new", "defects_staff:report"} <= found.keys()
    for name, kwargs in found.items():
        reverse(name, kwargs=kwargs)


def test_anybody_of_another_town_gets_404_for_every_object(objects, everybody_of_b):
    for name, kwargs in object_pages(objects).items():
        _assert_refused(everybody_of_b, reverse(name, kwargs=kwargs), f"{name} from town B")


def test_a_clerk_of_another_unit_gets_404_for_the_staff_pages(objects, client):
    stranger = StaffFactory()
    unit = UnitFactory(code="32", name="Ordnungsamt")
    for role in (Role.CLERK, Role.UNIT_LEAD):
        RoleAssignmentFactory(user=stranger, role=role, unit=unit)
    sign_in(client, stranger, verified=True)
    for name, kwargs in object_pages(objects).items():
        if name.startswith("defects_staff:"):
            _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} as another unit")


def test_a_report_waiting_for_confirmation_is_not_public(objects, client):
    objects.report.status = Status.UNCONFIRMED
    objects.report.save()
    for name in ("defects:report", "defects:follow"):
        _assert_refused(client, reverse(name, args=[77]), name)


def test_the_same_pages_open_for_the_people_they_belong_to(objects, clerk, client):
    response = client.get(reverse("defects:report", args=[77]))
    assert response.status_code == 200 and MARK in _text(response)
    sign_in(client, clerk, verified=True)
    response = client.get(reverse("defects_staff:report", args=[77]))
    assert response.status_code == 200 and MARK in _text(response)
