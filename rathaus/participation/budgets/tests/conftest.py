"""Fixtures of the budget tests: a process in its voting phase, a budget of 250,000 €
with projects, citizens and a participation manager."""

import datetime

import pytest
from django.utils import timezone

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UserFactory
from rathaus.core.staff.tests.conftest import english, sign_in_verified  # noqa: F401

from .factories import BudgetFactory, PhaseFactory, ProcessFactory, ProjectFactory

COSTS = {
    "Trinkbrunnen": 3_800_000,
    "Sitzbänke": 6_500_000,
    "Fahrradbügel": 1_800_000,
    "Spielgeräte": 9_000_000,
    "Beleuchtung": 7_200_000,
    "Stromanschlüsse": 4_500_000,
}


@pytest.fixture
def process():
    return ProcessFactory(slug="neugestaltung-marktplatz", title="Neugestaltung Marktplatz")


@pytest.fixture
def voting_phase(process):
    return PhaseFactory(process=process)


@pytest.fixture
def budget(process, voting_phase):
    return BudgetFactory(process=process, title="Bürgerhaushalt Marktplatz")


@pytest.fixture
def projects(budget):
    return {
        title: ProjectFactory(budget=budget, title=title, cost_cents=cost, position=index)
        for index, (title, cost) in enumerate(COSTS.items())
    }


def close_voting(phase) -> None:
    """Move the voting phase into the past (it ended yesterday)."""
    today = timezone.localdate()
    phase.starts_on = today - datetime.timedelta(days=10)
    phase.ends_on = today - datetime.timedelta(days=1)
    phase.save()


@pytest.fixture
def closed(voting_phase):
    close_voting(voting_phase)
    return voting_phase


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
