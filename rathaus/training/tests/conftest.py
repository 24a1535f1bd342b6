"""Fixtures of the training tests: a unit with a clerk and its lead, a training admin and
the e-Government officer."""

import pytest

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
)
from rathaus.core.staff.tests.conftest import english, outbox, sign_in_verified  # noqa: F401


@pytest.fixture
def training_unit():
    return UnitFactory(code="60", name="Bauamt")


@pytest.fixture
def clerk(training_unit):
    user = StaffFactory(given_name="Clara", family_name="Klein")
    RoleAssignmentFactory(user=user, role=Role.CLERK, unit=training_unit)
    return user


@pytest.fixture
def unit_lead(training_unit):
    user = StaffFactory(given_name="Lars", family_name="Leitner")
    RoleAssignmentFactory(user=user, role=Role.UNIT_LEAD, unit=training_unit)
    return user


@pytest.fixture
def training_admin():
    user = StaffFactory(given_name="Tina", family_name="Trainer")
    RoleAssignmentFactory(user=user, role=Role.TRAINING_ADMIN, unit=None)
    return user


@pytest.fixture
def egov_officer():
    user = StaffFactory(given_name="Eva", family_name="Egov")
    RoleAssignmentFactory(user=user, role=Role.EGOV_OFFICER, unit=None)
    return user
