"""Nobody reaches a survey they may not see: not anybody on another town's host, not
staff without the participation role, not the public before it is published. Every page
of the ``surveys`` and ``surveys_staff`` namespaces is requested with the keys of one
object of each kind; the answer is 404 (or 405 where a page only takes POST, or the way
to sign in), and nothing of the object appears in it.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rathaus.core.accounts.roles import TOWN_WIDE_ROLES, Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.tenancy import for_town
from rathaus.core.tests.test_town_isolation import sign_in

from ..models import Response
from .conftest import staff_with
from .factories import SurveyFactory, every_kind, survey_process

HOST_B = "musterstadt.localhost"
NAMESPACES = ("surveys:", "surveys_staff:")
MARK = "Lindenweg"


class Objects:
    """A published survey with answers and public results, in Weiterstadt (town A)."""

    def __init__(self):
        process = survey_process(slug="lindenweg", title=f"Umbau {MARK}")
        self.survey = SurveyFactory(
            process=process, title=f"Umfrage {MARK}", results_public="always"
        )
        questions = every_kind(self.survey)
        self.text_question = questions["text"]
        self.text_question.text = f"Was fehlt am {MARK}?"
        self.text_question.save()
        Response.objects.create(survey=self.survey, session_key_hash="d" * 64)

    def kwargs_for(self, name: str, keys: set[str]) -> dict:
        values = {
            "process_slug": self.survey.process.slug,
            "pk": self.survey.pk,
            "question_pk": self.text_question.pk,
        }
        return {key: values[key] for key in keys}


def survey_pages(resolver=None, namespace="") -> dict[str, set[str]]:
    pages = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            pages |= survey_pages(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            pages[namespace + pattern.name] = set(pattern.pattern.regex.groupindex)
    return pages


def _url(objects, name, keys):
    # The prefix's process_slug comes from the include, so resolve with the full set.
    return reverse(name, kwargs=objects.kwargs_for(name, keys | {"process_slug"}))


@pytest.fixture
def objects():
    return Objects()


def _refused(response) -> bool:
    return response.status_code in {404, 405} or (
        response.status_code == 302 and "/anmelden/" in response["Location"]
    )


def _assert_refused(client, objects, who: str, names=None):
    for name, keys in survey_pages().items():
        if names and not name.startswith(names):
            continue
        url = _url(objects, name, keys)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert _refused(response), f"{method.upper()} {name} as {who}: {response}"
            body = b"".join(response.streaming_content) if response.streaming else response.content
            assert MARK not in body.decode(), f"{method.upper()} {name} as {who} shows it"


def test_every_page_is_in_the_catalogue(objects):
    pages = survey_pages()
    assert "surveys:index" in pages and "surveys_staff:export" in pages
    for name, keys in pages.items():
        _url(objects, name, keys)


def test_the_same_pages_open_for_their_people(objects, manager_client):
    for name, keys in survey_pages().items():
        if name.startswith("surveys_staff:") and name.split(":")[1] in {
            "index",
            "detail",
            "results",
            "text_answers",
            "preview",
            "edit",
            "question_edit",
        }:
            response = manager_client.get(_url(objects, name, keys))
            assert response.status_code == 200, name
    public = Client()
    for name in ("surveys:answer", "surveys:results", "surveys:index"):
        response = public.get(_url(objects, name, survey_pages()[name]))
        assert response.status_code == 200 and MARK in response.content.decode(), name


def test_another_town_reaches_nothing(objects, other_town):
    with for_town(other_town):
        staff = StaffFactory(email="amt@musterstadt.example")
        unit = UnitFactory(name="Bauamt", code="60")
        for role in TOWN_WIDE_ROLES - {Role.PROVIDER_ADMINISTRATOR}:
            RoleAssignmentFactory(user=staff, role=role, unit=None)
        RoleAssignmentFactory(user=staff, role=Role.UNIT_LEAD, unit=unit)
    _assert_refused(sign_in(Client(HTTP_HOST=HOST_B), staff, verified=True), objects, "B staff")
    _assert_refused(Client(HTTP_HOST=HOST_B), objects, "B visitor")


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.CLERK, Role.ARCHIVIST])
def test_staff_without_the_participation_role_reach_no_staff_page(objects, role):
    user = staff_with(role) if role != Role.CLERK else None
    if user is None:
        user = StaffFactory()
        RoleAssignmentFactory(user=user, role=role, unit=UnitFactory())
    client = sign_in(Client(), user, verified=True)
    _assert_refused(client, objects, role, names="surveys_staff:")


def test_the_public_reaches_no_unpublished_survey(objects):
    objects.survey.is_published = False
    objects.survey.save()
    client = Client()
    for name in ("surveys:answer", "surveys:thanks", "surveys:results"):
        response = client.get(_url(objects, name, survey_pages()[name]))
        assert response.status_code == 404 and MARK not in response.content.decode()
    index = client.get(_url(objects, "surveys:index", set())).content.decode()
    assert f"Umfrage {MARK}" not in index
