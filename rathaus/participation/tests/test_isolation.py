"""Nobody reaches a process, phase, document, proposal or milestone they may not see: not
anybody on another town's host, not other staff of the same town, not the public while a
process is unpublished or a proposal hidden. Every page with an object in its URL, found
by walking the ``participation`` and ``participation_staff`` namespaces, is requested with
the keys of one object of each kind; the answer is 404 (or 405 where a page only takes
POST, or the way to sign in), and nothing of the object appears in it.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
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
from rathaus.participation import services
from rathaus.participation.models import Proposal

from .factories import MilestoneFactory, PhaseFactory, ProcessFactory, ProposalFactory

HOST_B = "musterstadt.localhost"
NAMESPACES = ("participation:", "participation_staff:")
MARK = "Lindenweg"


class Objects:
    """One object of each kind in Weiterstadt (town A)."""

    def __init__(self, manager, *, published=True, hidden=False):
        self.process = ProcessFactory(
            slug=f"lindenweg-{'p' if published else 'u'}",
            title=f"Umbau {MARK}",
            summary=f"Am {MARK}",
            is_published=published,
        )
        self.phase = PhaseFactory(process=self.process, title=f"Ideen {MARK}")
        self.document = services.add_document(
            actor=manager,
            process=self.process,
            title=f"Plan {MARK}",
            uploaded_file=SimpleUploadedFile("plan.txt", f"Plan {MARK}".encode()),
        )
        self.proposal = ProposalFactory(
            process=self.process,
            title=f"Bäume am {MARK}",
            state=Proposal.State.ACCEPTED,
            is_hidden=hidden,
        )
        self.milestone = MilestoneFactory(proposal=self.proposal, title=f"Pflanzung {MARK}")

    def kwargs_for(self, name: str, keys: set[str]) -> dict:
        short = name.split(":", 1)[1]
        values = {"slug": self.process.slug, "milestone_pk": self.milestone.pk}
        if short.startswith("phase"):
            values["pk"] = self.phase.pk
        elif short.startswith("document"):
            values["pk"] = self.document.pk
        else:
            values["pk"] = self.proposal.pk
        return {key: values[key] for key in keys}


def participation_pages(resolver=None, namespace="") -> dict[str, set[str]]:
    pages = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            pages |= participation_pages(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            pages[namespace + pattern.name] = set(pattern.pattern.regex.groupindex)
    return pages


def object_pages(objects, prefix="") -> dict[str, dict]:
    return {
        name: objects.kwargs_for(name, keys)
        for name, keys in participation_pages().items()
        if keys and name.startswith(prefix)
    }


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


@pytest.fixture
def objects(manager):
    return Objects(manager)


@pytest.fixture
def everybody_of_b(other_town):
    """Musterstadt's member of staff holding every role, signed in on Musterstadt's host."""
    with for_town(other_town):
        staff = StaffFactory(email="amt@musterstadt.example")
        unit = UnitFactory(name="Bauamt", code="60")
        for role in TOWN_WIDE_ROLES - {Role.PROVIDER_ADMINISTRATOR}:
            RoleAssignmentFactory(user=staff, role=role, unit=None)
        for role in (Role.CLERK, Role.UNIT_LEAD):
            RoleAssignmentFactory(user=staff, role=role, unit=unit)
    return sign_in(Client(HTTP_HOST=HOST_B), staff, verified=True)


def test_every_page_with_an_object_is_in_the_catalogue(objects):
    pages = object_pages(objects)
    assert len(pages) >= 20
    for name, kwargs in pages.items():
        reverse(name, kwargs=kwargs)


def test_anybody_of_another_town_gets_404_for_every_object(objects, everybody_of_b):
    for name, kwargs in object_pages(objects).items():
        _assert_refused(everybody_of_b, reverse(name, kwargs=kwargs), f"{name} from town B")


def test_staff_who_do_not_run_participation_get_404(objects, client):
    clerk = StaffFactory()
    RoleAssignmentFactory(user=clerk, role=Role.CLERK, unit=UnitFactory(code="60"))
    RoleAssignmentFactory(user=clerk, role=Role.MODERATOR, unit=None)
    sign_in(client, clerk, verified=True)
    for name, kwargs in object_pages(objects, "participation_staff:").items():
        _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} as a clerk")


def test_the_public_gets_404_for_an_unpublished_process(manager, client):
    unpublished = Objects(manager, published=False)
    client.force_login(UserFactory())
    for visitor in (Client(), client):
        for name, kwargs in object_pages(unpublished, "participation:").items():
            _assert_refused(visitor, reverse(name, kwargs=kwargs), f"{name} unpublished")


def test_the_public_gets_404_for_a_hidden_proposal(manager, client):
    hidden = Objects(manager, hidden=True)
    client.force_login(UserFactory())
    for name, kwargs in object_pages(hidden, "participation:").items():
        if "pk" in kwargs:
            _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} hidden")
    page = client.get(reverse("participation:accountability", args=[hidden.process.slug]))
    assert f"Bäume am {MARK}" not in _text(page)


def test_the_same_ids_open_for_the_people_they_belong_to(objects, manager, client):
    sign_in(client, manager, verified=True)
    for name in (
        "participation_staff:proposal_detail",
        "participation_staff:phase_edit",
        "participation:proposal",
        "participation:process",
    ):
        kwargs = objects.kwargs_for(name, set(participation_pages()[name]))
        response = client.get(reverse(name, kwargs=kwargs))
        assert response.status_code == 200 and MARK in _text(response), name
