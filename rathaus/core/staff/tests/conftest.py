"""Fixtures of the staff-area tests: staff signed in with a verified second factor."""

import re

import pytest
from django.core import mail
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
)

LINK = re.compile(r"https?://testserver(/\S+)")


def links_in(message) -> list[str]:
    return LINK.findall(message.body)


def sign_in_verified(client, user) -> TOTPDevice:
    """Sign ``user`` in on ``client`` as if they had entered password and TOTP code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


@pytest.fixture(autouse=True)
def english(settings):
    """Pages in English, so tests read like the msgids."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def outbox():
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def administrator():
    user = StaffFactory(given_name="Ada", family_name="Admin")
    RoleAssignmentFactory(user=user, role=Role.ADMINISTRATOR, unit=None)
    return user


@pytest.fixture
def admin_client(client, administrator):
    sign_in_verified(client, administrator)
    return client


@pytest.fixture
def units():
    """Bauamt (60) with section 60.1, and Ordnungsamt (32), side by side."""
    building = UnitFactory(code="60", name="Bauamt")
    section = UnitFactory(code="60.1", name="Bauaufsicht", parent=building, kind="section")
    order = UnitFactory(code="32", name="Ordnungsamt")
    return {"building": building, "section": section, "order": order}
