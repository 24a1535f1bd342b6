"""Every account page renders with one heading and a label for each control."""

import re

import pytest
from django.urls import reverse

from rathaus.core.accounts.models import Membership

from .factories import MembershipFactory

PUBLIC_PAGES = [
    "accounts:login",
    "accounts:register",
    "accounts:check_inbox",
    "accounts:resend_confirmation",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
]
PRIVATE_PAGES = [
    "accounts:dashboard",
    "accounts:profile",
    "accounts:password_change",
    "accounts:email_change",
    "accounts:deletion_request",
    "accounts:act_for",
    "accounts:organisation_create",
]
ORGANISATION_PAGES = ["organisation", "organisation_edit", "invite", "organisation_leave"]


def assert_accessible_basics(html: str) -> None:
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    controls = re.findall(r'<(?:input|select|textarea)\b[^>]*\bid="([^"]+)"', html)
    for control_id in controls:
        assert f'for="{control_id}"' in html, f"no label for #{control_id}"
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "duplicate ids"


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_account_pages(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert_accessible_basics(response.content.decode())


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_private_account_pages(client, name):
    membership = MembershipFactory(role=Membership.Role.OWNER)
    client.force_login(membership.user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store") == 1
    assert_accessible_basics(response.content.decode())


@pytest.mark.parametrize("name", ORGANISATION_PAGES)
def test_organisation_pages(client, name):
    membership = MembershipFactory(role=Membership.Role.OWNER)
    MembershipFactory(organisation=membership.organisation)
    client.force_login(membership.user)
    response = client.get(
        reverse(f"accounts:{name}", kwargs={"organisation_id": membership.organisation_id})
    )
    assert response.status_code == 200
    assert_accessible_basics(response.content.decode())


def test_member_page(client):
    owner = MembershipFactory(role=Membership.Role.OWNER)
    member = MembershipFactory(organisation=owner.organisation)
    client.force_login(owner.user)
    response = client.get(
        reverse(
            "accounts:member",
            kwargs={"organisation_id": owner.organisation_id, "membership_id": member.pk},
        )
    )
    assert response.status_code == 200
    assert_accessible_basics(response.content.decode())
