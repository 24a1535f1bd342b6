"""Fixtures of the appointment tests: a fixed "now", a service with a desk, staff."""

import datetime
import zoneinfo

import pytest
from django.core import mail
from django.test import Client

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.staff.tests.conftest import english, sign_in_verified  # noqa: F401

from .factories import DeskFactory, ServiceFactory

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
# "Now" in most tests: Monday 2 March 2026, 07:00 in the town. The desk opens at 08:00.
NOW = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=BERLIN)
MONDAY = datetime.date(2026, 3, 2)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """A wall-clock time of the town."""
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


@pytest.fixture
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def units():
    return {
        "waste": UnitFactory(code="70.A", name="Abfallwirtschaft"),
        "order": UnitFactory(code="32.O", name="Ordnungsamt"),
    }


@pytest.fixture
def service(units):
    return ServiceFactory(unit=units["waste"], slug="sperrmuell")


@pytest.fixture
def desk(service, units):
    """Mon–Fri 08:00–12:00, 30-minute slots, one seat."""
    return DeskFactory(name="Servicepunkt", unit=units["waste"], services=[service])


def staff_with(role: str, unit=None, **names):
    user = StaffFactory(**names)
    RoleAssignmentFactory(user=user, role=role, unit=unit)
    return user


@pytest.fixture
def clerk(units):
    return staff_with(Role.CLERK, units["waste"], given_name="Clara", family_name="Klein")


@pytest.fixture
def other_clerk(units):
    return staff_with(Role.CLERK, units["order"], given_name="Otto", family_name="Ort")


@pytest.fixture
def clerk_client(client, clerk):
    sign_in_verified(client, clerk)
    return client


@pytest.fixture
def outbox(monkeypatch, django_capture_on_commit_callbacks):
    """The sent e-mails. Mail goes out when a transaction commits; tests run inside one,
    so each test-client request runs its commit callbacks when it ends, as the end of a
    real request would. Service calls in tests do the same inside ``committed()``."""
    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs what the block left for the commit (e-mails)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
