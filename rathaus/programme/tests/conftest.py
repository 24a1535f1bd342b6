"""Fixtures of the programme's tests: the people who work with the programme (the
e-Government officer, a clerk responsible for a measure, another member of staff, a
citizen), clients signed in as them, a measure, a key figure registered for the test, and
May 2026 for tests that need a fixed day. Pages are in English (``english``), so tests
read like the msgids."""

import datetime

import pytest
import time_machine

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.registries import KeyFigure as RegisteredFigure
from rathaus.core.registries import kpi_registry
from rathaus.core.staff.tests.conftest import english, outbox, sign_in_verified  # noqa: F401
from rathaus.core.tenancy import current_town

from ..models import Measure
from .factories import FAKE_KEY, MeasureFactory

# --- People -------------------------------------------------------------------------------


@pytest.fixture
def officer():
    """The e-Government officer: changes the programme."""
    user = StaffFactory(given_name="Sabine", family_name="Krüger")
    RoleAssignmentFactory(user=user, role=Role.EGOV_OFFICER, unit=None)
    return user


@pytest.fixture
def bauamt():
    return UnitFactory(code="60", name="Bauamt")


@pytest.fixture
def responsible(bauamt):
    """A clerk of the Bauamt who is responsible for ``measure`` (not the officer)."""
    user = StaffFactory(given_name="Lena", family_name="Hoffmann")
    RoleAssignmentFactory(user=user, role=Role.CLERK, unit=bauamt)
    return user


@pytest.fixture
def colleague(bauamt):
    """Another member of staff, a clerk of the Bauamt without a role in the programme:
    reads the programme, changes nothing."""
    user = StaffFactory(given_name="Murat", family_name="Yıldız")
    RoleAssignmentFactory(user=user, role=Role.CLERK, unit=bauamt)
    return user


@pytest.fixture
def citizen():
    return UserFactory(given_name="Erika", family_name="Mustermann")


# --- Signed-in clients --------------------------------------------------------------------


@pytest.fixture
def signed_in(client):
    """``signed_in(user)`` gives the test client signed in as ``user`` with a second factor."""

    def sign_in(user):
        sign_in_verified(client, user)
        return client

    return sign_in


@pytest.fixture
def officer_client(signed_in, officer):
    return signed_in(officer)


@pytest.fixture
def colleague_client(signed_in, colleague):
    return signed_in(colleague)


# --- The programme ------------------------------------------------------------------------


@pytest.fixture
def measure(bauamt, responsible):
    """Measure 3.1 of the Bauamt, in progress, with ``responsible`` as its person."""
    return MeasureFactory(
        code="3.1",
        title="E-Akte im Bauamt einführen",
        responsible_unit=bauamt,
        responsible_person=responsible,
        status=Measure.Status.IN_PROGRESS,
    )


class FakeKpi:
    """A registered key figure whose value the test sets: ``values[(first, last)]`` for a
    period, else ``default``. It remembers every call with the town whose scope was open."""

    def __init__(self):
        self.values: dict = {}
        self.default = 42
        self.calls: list[tuple] = []
        self.fail_for: set = set()

    def __call__(self, town, period):
        self.calls.append((town, period, current_town()))
        if period in self.fail_for:
            raise RuntimeError("the data source is down")
        return self.values.get(period, self.default)


@pytest.fixture
def fake_kpi():
    """The key figure ``FAKE_KEY`` in the registry (``KeyFigureFactory(computed=True)``)."""
    kpi = FakeKpi()
    kpi_registry.add(
        RegisteredFigure(
            FAKE_KEY,
            "Testkennzahl",
            "%",
            kpi,
            "A key figure registered by the test.",
            app_label="programme",
        )
    )
    yield kpi
    kpi_registry.remove(FAKE_KEY)


@pytest.fixture
def in_may_2026():
    """17 May 2026, 10:00, with the clock running (``pytest.mark.usefixtures`` it)."""
    with time_machine.travel(datetime.datetime(2026, 5, 17, 10, 0), tick=True):
        yield
