"""Fixtures of the participation tests: staff who run processes, citizens, a process."""

import pytest
from django.core import mail
from django.test import Client

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
)
from rathaus.core.staff.tests.conftest import english, sign_in_verified  # noqa: F401

from .factories import running_process


@pytest.fixture
def manager():
    user = StaffFactory(given_name="Nina", family_name="Berg")
    RoleAssignmentFactory(user=user, role=Role.PARTICIPATION_MANAGER, unit=None)
    return user


@pytest.fixture
def manager_client(client, manager):
    sign_in_verified(client, manager)
    return client


@pytest.fixture
def citizen():
    return UserFactory(given_name="Erika", family_name="Mustermann")


@pytest.fixture
def other_citizen():
    return UserFactory(given_name="Hans", family_name="Beispiel")


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def process():
    return running_process(slug="marktplatz", title="Neugestaltung Marktplatz")


@pytest.fixture
def outbox(monkeypatch, django_capture_on_commit_callbacks):
    """The sent e-mails; each test-client request runs its commit callbacks when it ends,
    as the end of a real request would."""
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
