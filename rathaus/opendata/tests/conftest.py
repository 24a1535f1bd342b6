"""Fixtures of the open-data tests: a data steward of the town's statistics unit."""

import pytest

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
)
from rathaus.core.staff.tests.conftest import english, outbox, sign_in_verified  # noqa: F401


@pytest.fixture
def statistics_unit():
    return UnitFactory(code="10.3", name="Statistik und Wahlen")


@pytest.fixture
def steward(statistics_unit):
    user = StaffFactory(given_name="Dana", family_name="Daten")
    RoleAssignmentFactory(user=user, role=Role.DATA_STEWARD, unit=None)
    return user


@pytest.fixture
def steward_client(client, steward):
    sign_in_verified(client, steward)
    return client
