"""Nobody reaches a draft, a section or a report they may not see: not anybody on another
town's host, not staff without the participation role, not the public for an unpublished
draft. Every page of ``consultations`` and ``consultations_staff`` with an object in its
URL is requested; the answer is 404 (or 302 to sign in, or 405) and shows nothing of it."""

import pytest
from django.urls import reverse

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.tests.test_town_isolation import sign_in
from rathaus.participation.engagement import services as engagement
from rathaus.participation.tests.isolation import (
    assert_refused,
    process_object_pages,
    staff_of_town_b,
)

from .factories import SectionFactory

NAMESPACES = ("consultations:", "consultations_staff:")
MARK = "Lindenallee"


@pytest.fixture
def objects(draft, citizen):
    draft.title = f"Satzung {MARK}"
    draft.save()
    section = SectionFactory(draft=draft, heading=f"Abschnitt {MARK}", text=MARK)
    engagement.add_comment(author=citizen, target=section, text=f"Kommentar {MARK}")
    values = {"process_slug": draft.process.slug, "pk": draft.pk, "section_pk": section.pk}
    return process_object_pages(NAMESPACES, values)


def _assert_refused(client, url, where):
    assert_refused(client, url, where, MARK)


def test_every_page_with_an_object_is_checked(objects):
    assert len(objects) >= 11
    assert {"consultations:section", "consultations_staff:report_pdf"} <= set(objects)


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
        if name.startswith("consultations_staff:"):
            _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} as a clerk")


def test_an_unpublished_draft_is_hidden_from_the_public(objects, draft, citizen_client):
    draft.is_published = False
    draft.save()
    for name, kwargs in objects.items():
        if name.startswith("consultations:"):
            _assert_refused(citizen_client, reverse(name, kwargs=kwargs), f"{name} unpublished")


def test_the_same_pages_open_in_their_own_town(objects, manager_client):
    for name, kwargs in objects.items():
        if name.startswith("consultations_staff:") and not name.endswith("_delete"):
            response = manager_client.get(reverse(name, kwargs=kwargs))
            assert response.status_code == 200, name
