"""Fixtures of the e-file tests: units, clerks signed in with a verified second factor."""

import pytest

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
)
from rathaus.core.staff.tests.conftest import english, outbox, sign_in_verified  # noqa: F401

from .factories import FilePlanEntryFactory


@pytest.fixture
def units():
    """Bauamt (60) with section 60.1, and Ordnungsamt (32), side by side."""
    building = UnitFactory(code="60", name="Bauamt")
    section = UnitFactory(code="60.1", name="Bauaufsicht", parent=building, kind="section")
    order = UnitFactory(code="32", name="Ordnungsamt")
    return {"building": building, "section": section, "order": order}


def staff_with(role: str, unit=None, **names):
    user = StaffFactory(**names)
    RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def clerk(units):
    """Clara, clerk in the Bauamt."""
    return staff_with(Role.CLERK, units["building"], given_name="Clara", family_name="Klein")


@pytest.fixture
def lead(units):
    """Leo, lead of the Bauamt."""
    return staff_with(Role.UNIT_LEAD, units["building"], given_name="Leo", family_name="Lang")


@pytest.fixture
def other_clerk(units):
    """Otto, clerk in the Ordnungsamt (another unit)."""
    return staff_with(Role.CLERK, units["order"], given_name="Otto", family_name="Ort")


@pytest.fixture
def archivist():
    return staff_with(Role.ARCHIVIST, None, given_name="Anke", family_name="Archiv")


@pytest.fixture
def clerk_client(client, clerk):
    sign_in_verified(client, clerk)
    return client


@pytest.fixture
def plan_entry():
    return FilePlanEntryFactory(code="63.1", title="Baugenehmigungen", retention_years=10)
