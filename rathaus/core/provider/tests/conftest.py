"""Fixtures of the provider-area tests: the provider's tenant on its own host, its provider
administrator signed in with a second factor, and e-mails delivered as after a request."""

import re

import pytest
from django.core import mail
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.accounts.models import RoleAssignment
from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import StaffFactory
from rathaus.core.models import Town, TownHost
from rathaus.core.tenancy import for_town

PROVIDER_HOST = "verwaltung.localhost"
LINK = re.compile(r"https?://([^/\s:]+)(?::\d+)?(/\S+)")


def links_in(message) -> list[tuple[str, str]]:
    """(host, path) of every address in an e-mail's body."""
    return LINK.findall(message.body)


def sign_in_verified(client, user, town) -> None:
    """Sign ``user`` of ``town`` in, as if they had entered password and TOTP code."""
    with for_town(town):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()


def staff_with_role(town, role=None, **fields):
    with for_town(town):
        user = StaffFactory(**fields)
        if role is not None:
            # Straight into the table: the tests also build assignments that clean() refuses.
            RoleAssignment.objects.create(user=user, role=role, unit=None)
    return user


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def provider_town(db):
    town = Town.objects.create(name="Kommunale IT", is_provider=True)
    TownHost.objects.create(town=town, hostname=PROVIDER_HOST, is_primary=True)
    return town


@pytest.fixture
def provider_admin(provider_town):
    return staff_with_role(
        provider_town, Role.PROVIDER_ADMINISTRATOR, given_name="Paula", family_name="Provider"
    )


@pytest.fixture
def provider_client(provider_town, provider_admin):
    client = Client(HTTP_HOST=PROVIDER_HOST)
    sign_in_verified(client, provider_admin, provider_town)
    return client


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
