"""Fixtures of the consultation tests: a process in its consultation phase with a
published draft of three sections, citizens and a participation manager."""

import pytest

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UserFactory
from rathaus.core.staff.tests.conftest import english, sign_in_verified  # noqa: F401
from rathaus.participation.models import Feature

from .factories import DraftFactory, PhaseFactory, ProcessFactory, SectionFactory


@pytest.fixture
def process():
    return ProcessFactory(slug="neugestaltung-marktplatz", title="Neugestaltung Marktplatz")


@pytest.fixture
def phase(process):
    return PhaseFactory(process=process, kind="discussion", features=[Feature.CONSULTATION])


@pytest.fixture
def draft(process, phase):
    return DraftFactory(process=process)


@pytest.fixture
def sections(draft):
    return [
        SectionFactory(draft=draft, position=1, number="§ 1", heading="Geltungsbereich"),
        SectionFactory(draft=draft, position=2, number="§ 2", heading="Gemeingebrauch"),
        SectionFactory(draft=draft, position=3, number="§ 3", heading="Ruhezeiten"),
    ]


@pytest.fixture
def citizen():
    return UserFactory(given_name="Erika", family_name="Mustermann")


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def manager():
    user = StaffFactory(given_name="Nina", family_name="Berg")
    RoleAssignmentFactory(user=user, role=Role.PARTICIPATION_MANAGER, unit=None)
    return user


@pytest.fixture
def manager_client(client, manager):
    sign_in_verified(client, manager)
    return client
