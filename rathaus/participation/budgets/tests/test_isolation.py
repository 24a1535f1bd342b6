"""Nobody reaches a budget, a project or results they may not see: not anybody on another
town's host, not staff without the participation role, not the public for an unpublished
budget. Every page of ``budgets`` and ``budgets_staff`` with an object in its URL is
requested; the answer is 404 (or 302 to sign in, or 405), and nothing of the object shows."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rathaus.core.accounts.roles import TOWN_WIDE_ROLES, Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.tenancy import for_town
from rathaus.core.tests.test_town_isolation import sign_in

from .conftest import close_voting
from .factories import ProjectFactory, cast_ballot

HOST_B = "musterstadt.localhost"
NAMESPACES = ("budgets:", "budgets_staff:")
MARK = "Lindenbrunnen"


def pages(resolver=None, namespace="") -> dict[str, set[str]]:
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= pages(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            found[namespace + pattern.name] = set(pattern.pattern.regex.groupindex)
    return found


@pytest.fixture
def objects(budget, citizen):
    budget.title = f"Haushalt {MARK}"
    budget.save()
    project = ProjectFactory(budget=budget, title=f"Projekt {MARK}")
    cast_ballot(budget, citizen, [project])
    close_voting(budget.process.phases.get())  # results public in town A
    values = {"process_slug": budget.process.slug, "pk": budget.pk, "project_pk": project.pk}
    return {
        name: {key: values[key] for key in keys | {"process_slug"}}
        for name, keys in pages().items()
        if keys - {"process_slug"}
    }


def _text(response) -> str:
    return response.content.decode(errors="replace")


def _assert_refused(client, url, where):
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in {302, 404, 405}, f"{method.upper()} {where}: {response}"
        if response.status_code == 302:
            location = response["Location"]
            assert "/anmelden/" in location or "/zwei-faktor/" in location, where
        assert MARK not in _text(response), f"{method.upper()} {where} shows the object"


def test_every_page_with_an_object_is_checked(objects):
    assert len(objects) >= 12
    assert {"budgets:results", "budgets_staff:export", "budgets_staff:select"} <= set(objects)


def test_anybody_of_another_town_gets_404(objects, other_town):
    with for_town(other_town):
        staff = StaffFactory(email="amt@musterstadt.example")
        for role in TOWN_WIDE_ROLES - {Role.PROVIDER_ADMINISTRATOR}:
            RoleAssignmentFactory(user=staff, role=role, unit=None)
    client = sign_in(Client(HTTP_HOST=HOST_B), staff, verified=True)
    for name, kwargs in objects.items():
        _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} from town B")


def test_staff_without_the_participation_role_get_404(objects, client):
    clerk = StaffFactory()
    for role in (Role.CLERK, Role.UNIT_LEAD):
        RoleAssignmentFactory(user=clerk, role=role, unit=UnitFactory())
    RoleAssignmentFactory(user=clerk, role=Role.MODERATOR, unit=None)
    sign_in(client, clerk, verified=True)
    for name, kwargs in objects.items():
        if name.startswith("budgets_staff:"):
            _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} as a clerk")


def test_an_unpublished_budget_is_hidden_from_the_public(objects, budget, citizen_client):
    budget.is_published = False
    budget.save()
    for name, kwargs in objects.items():
        if name.startswith("budgets:"):
            _assert_refused(citizen_client, reverse(name, kwargs=kwargs), f"{name} unpublished")


def test_the_same_pages_open_in_their_own_town(objects, manager_client):
    for name, kwargs in objects.items():
        if name.startswith("budgets_staff:") and name not in (
            "budgets_staff:select",
            "budgets_staff:project_delete",
        ):
            response = manager_client.get(reverse(name, kwargs=kwargs))
            assert response.status_code == 200, name
