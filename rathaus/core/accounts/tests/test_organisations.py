from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.exceptions import LastOwner, NotPermitted
from rathaus.core.accounts.models import Invitation, Membership, Organisation
from rathaus.core.accounts.services import change_member_role, remove_member
from rathaus.core.audit.models import AuditEntry

from .conftest import links_in
from .factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")

OWNER = Membership.Role.OWNER
MEMBER = Membership.Role.MEMBER


def org_url(organisation, name="organisation", **kwargs):
    return reverse(f"accounts:{name}", kwargs={"organisation_id": organisation.pk, **kwargs})


@pytest.fixture
def owner(client):
    membership = MembershipFactory(
        role=OWNER, user=UserFactory(given_name="Olga"), organisation__name="Malerei Weiß GmbH"
    )
    client.force_login(membership.user)
    return membership


def test_creating_an_organisation_makes_the_creator_its_owner(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:organisation_create"),
        {"name": "Bäckerei Korn GmbH", "legal_form": "GmbH", "city": "Weiterstadt"},
    )
    organisation = Organisation.objects.get(name="Bäckerei Korn GmbH")
    assert response["Location"] == org_url(organisation)
    assert Membership.objects.get(organisation=organisation).user == user
    assert Membership.objects.get(organisation=organisation).role == OWNER
    page = client.get(org_url(organisation)).content.decode()
    assert "Bäckerei Korn GmbH" in page and user.family_name in page
    assert AuditEntry.objects.filter(summary="organisation created").exists()


def test_non_members_do_not_see_an_organisation(client):
    organisation = OrganisationFactory()
    client.force_login(UserFactory())
    assert client.get(org_url(organisation)).status_code == 404


def test_invitation_is_mailed_and_accepted_by_a_signed_in_person(client, owner, outbox):
    organisation = owner.organisation
    response = client.post(
        org_url(organisation, "invite"), {"email": "kollegin@example.org", "role": MEMBER}
    )
    assert response["Location"] == org_url(organisation)
    invitation = Invitation.objects.get(organisation=organisation)
    assert invitation.email == "kollegin@example.org"
    [mail] = outbox
    assert mail.to == ["kollegin@example.org"]
    [link] = links_in(mail)
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert invitation.token_hash != token  # only a hash is stored

    colleague = Client()
    # Signing in is required; the link survives the detour through the login page.
    assert colleague.get(link)["Location"].startswith(reverse("accounts:login"))
    invitee = UserFactory(email="ganz-andere@example.org")
    colleague.force_login(invitee)
    assert organisation.name in colleague.get(link).content.decode()
    accepted = colleague.post(link)
    assert accepted["Location"] == org_url(organisation)
    assert Membership.objects.get(organisation=organisation, user=invitee).role == MEMBER
    assert colleague.post(link).status_code == 400  # works once


def test_expired_invitation_does_not_work(client, owner, outbox):
    client.post(
        org_url(owner.organisation, "invite"), {"email": "spaet@example.org", "role": MEMBER}
    )
    [link] = links_in(outbox[0])
    Invitation.objects.update(created_at=timezone.now() - timedelta(days=15))
    late = Client()
    late.force_login(UserFactory())
    assert late.post(link).status_code == 400
    assert Membership.objects.filter(organisation=owner.organisation).count() == 1


def test_members_cannot_invite(client):
    membership = MembershipFactory(role=MEMBER)
    client.force_login(membership.user)
    response = client.post(
        org_url(membership.organisation, "invite"), {"email": "x@example.org", "role": MEMBER}
    )
    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_is_refused(client, owner):
    other = MembershipFactory(
        organisation=owner.organisation, user=UserFactory(email="m@example.org")
    )
    response = client.post(
        org_url(owner.organisation, "invite"), {"email": other.user.email, "role": MEMBER}
    )
    assert "This person is already a member" in response.content.decode()


def test_owner_withdraws_an_invitation(client, owner):
    client.post(org_url(owner.organisation, "invite"), {"email": "x@example.org", "role": MEMBER})
    invitation = Invitation.objects.get()
    client.post(org_url(owner.organisation, "invitation_revoke", invitation_id=invitation.pk))
    assert not Invitation.objects.exists()


def test_owner_changes_a_members_role(client, owner):
    member = MembershipFactory(organisation=owner.organisation, role=MEMBER)
    url = org_url(owner.organisation, "member", membership_id=member.pk)
    assert client.get(url).status_code == 200
    client.post(url, {"role": OWNER})
    member.refresh_from_db()
    assert member.role == OWNER
    entry = AuditEntry.objects.get(summary="member role changed")
    assert entry.changes == {"role": [MEMBER, OWNER]}
    assert member.user.family_name not in entry.object_repr


def test_the_last_owner_cannot_step_down_or_be_removed(client, owner):
    url = org_url(owner.organisation, "member", membership_id=owner.pk)
    response = client.post(url, {"role": MEMBER})
    assert "at least one owner" in response.content.decode()
    owner.refresh_from_db()
    assert owner.role == OWNER

    client.post(org_url(owner.organisation, "member_remove", membership_id=owner.pk))
    assert Membership.objects.filter(pk=owner.pk).exists()

    leave = client.post(org_url(owner.organisation, "organisation_leave"))
    assert leave.status_code == 400
    assert Membership.objects.filter(pk=owner.pk).exists()

    with pytest.raises(LastOwner):
        change_member_role(actor=owner.user, membership=owner, role=MEMBER)
    with pytest.raises(LastOwner):
        remove_member(actor=owner.user, membership=owner)


def test_an_owner_may_step_down_when_another_owner_remains(owner):
    MembershipFactory(organisation=owner.organisation, role=OWNER)
    change_member_role(actor=owner.user, membership=owner, role=MEMBER)
    owner.refresh_from_db()
    assert owner.role == MEMBER


def test_owner_removes_a_member_who_is_told(client, owner):
    member = MembershipFactory(organisation=owner.organisation, role=MEMBER)
    client.post(org_url(owner.organisation, "member_remove", membership_id=member.pk))
    assert not Membership.objects.filter(pk=member.pk).exists()
    assert member.user.postbox_messages.count() == 1


def test_members_may_leave_but_not_remove_others(client):
    membership = MembershipFactory(role=MEMBER)
    MembershipFactory(organisation=membership.organisation, role=OWNER)
    other = MembershipFactory(organisation=membership.organisation, role=MEMBER)
    client.force_login(membership.user)

    removal = client.post(org_url(membership.organisation, "member_remove", membership_id=other.pk))
    assert removal.status_code == 404
    with pytest.raises(NotPermitted):
        remove_member(actor=membership.user, membership=other)

    response = client.post(org_url(membership.organisation, "organisation_leave"))
    assert response["Location"] == reverse("accounts:dashboard")
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert Membership.objects.filter(pk=other.pk).exists()


def test_owner_edits_the_organisation(client, owner):
    response = client.post(
        org_url(owner.organisation, "organisation_edit"),
        {"name": "Neuer Name AG", "legal_form": "AG"},
    )
    assert response["Location"] == org_url(owner.organisation)
    owner.organisation.refresh_from_db()
    assert owner.organisation.name == "Neuer Name AG"
