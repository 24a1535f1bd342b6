"""Nobody reaches a budget, a project or results they may not see: not anybody on another
town's host, not staff without the participation role, not the public for an unpublished
budget. Every page of ``budgets`` and ``budgets_staff`` with an object in its URL is
requested; the answer is 404 (or 302 to sign in, or 405), and nothing of the object shows."""

import pytest
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.tests.test_town_isolation import sign_in
from rathaus.participation.tests.isolation import (
    assert_refused,
    process_object_pages,
    staff_of_town_b,
)

from .conftest import close_voting
from .factories import ProjectFactory, cast_ballot

NAMESPACES = ("budgets:", "budgets_staff:")
MARK = "Lindenbrunnen"


@pytest.fixture
def objects(budget, citizen):
    budget.title = f"Haushalt {MARK}"
    budget.save()
    project = ProjectFactory(budget=budget, title=f"Projekt {MARK}")
    cast_ballot(budget, citizen, [project])
    close_voting(budget.process.phases.get())  # results public in town A
    values = {"process_slug": budget.process.slug, "pk": budget.pk, "project_pk": project.pk}
    return process_object_pages(NAMESPACES, values)


def _assert_refused(client, url, where):
    assert_refused(client, url, where, MARK)


def test_every_page_with_an_object_is_checked(objects):
    assert len(objects) >= 12
    assert {"budgets:results", "budgets_staff:export", "budgets_staff:select"} <= set(objects)


def test_anybody_of_another_town_gets_404(objects, other_town):
    client = staff_of_town_b(other_town)
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
