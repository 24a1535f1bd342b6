import pytest
from django.urls import reverse

from rathaus.core.accounts.exceptions import (
    DeletionAlreadyRequested,
    DeletionRequestNotOpen,
    NotPermitted,
)
from rathaus.core.accounts.models import DeletionRequest, Membership, User, email_lookup_for
from rathaus.core.accounts.roles import Role
from rathaus.core.accounts.services import (
    complete_deletion_request,
    reject_deletion_request,
    request_account_deletion,
)
from rathaus.core.audit.models import AuditEntry

from .factories import (
    DEFAULT_PASSWORD,
    MembershipFactory,
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
)

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def dpo():
    return RoleAssignmentFactory(role=Role.DATA_PROTECTION_OFFICER, unit=None).user


def test_deletion_request_needs_the_password_and_keeps_the_account_usable(client, outbox):
    user = UserFactory(email="anna@example.org")
    client.force_login(user)
    url = reverse("accounts:deletion_request")

    wrong = client.post(url, {"reason": "", "current_password": "falsch-falsch-falsch"})
    assert "Your current password is not correct" in wrong.content.decode()
    assert not DeletionRequest.objects.exists()

    response = client.post(url, {"reason": "Ziehe weg", "current_password": DEFAULT_PASSWORD})
    assert response["Location"] == reverse("accounts:dashboard")
    request = DeletionRequest.objects.get(user=user)
    assert request.state == DeletionRequest.State.OPEN
    assert request.reason == "Ziehe weg"

    dashboard = client.get(reverse("accounts:dashboard"))
    assert dashboard.status_code == 200
    assert "Deletion requested" in dashboard.content.decode()
    assert any(m.to == ["anna@example.org"] for m in outbox)


def test_second_deletion_request_is_refused(dpo):
    user = UserFactory()
    request_account_deletion(user=user)
    with pytest.raises(DeletionAlreadyRequested):
        request_account_deletion(user=user)


def test_data_protection_officer_is_told_of_a_request(dpo):
    request_account_deletion(user=UserFactory())
    assert dpo.postbox_messages.count() == 1


def test_completing_anonymises_the_account(client, dpo):
    user = UserFactory(email="anna@example.org", street="Lindenallee 1", phone="0615099")
    membership = MembershipFactory(user=user)
    MembershipFactory(organisation=membership.organisation, role=Membership.Role.OWNER)
    client.force_login(user)
    request = request_account_deletion(user=user, reason="privat")

    complete_deletion_request(request=request, actor=dpo)

    user = User.objects.get(pk=user.pk)
    assert (user.given_name, user.family_name, user.street, user.phone) == ("", "", "", "")
    assert not user.is_active
    assert not user.has_usable_password()
    assert "anna" not in user.email
    assert not User.objects.filter(email_lookup=email_lookup_for("anna@example.org")).exists()
    assert not Membership.objects.filter(user=user).exists()
    assert not user.postbox_messages.exists()
    request.refresh_from_db()
    assert request.state == DeletionRequest.State.COMPLETED
    assert request.reason == ""
    assert request.handled_by == dpo
    # The person's session no longer works, and the address is free to register again.
    assert client.get(reverse("accounts:dashboard")).status_code == 302
    entry = AuditEntry.objects.get(summary__startswith="account anonymised")
    assert entry.actor_id == str(dpo.pk)
    assert "anna" not in str(entry.changes) + entry.object_repr


def test_only_data_protection_officer_or_administrator_completes(dpo):
    request = request_account_deletion(user=UserFactory())
    with pytest.raises(NotPermitted):
        complete_deletion_request(request=request, actor=StaffFactory())
    with pytest.raises(NotPermitted):
        complete_deletion_request(request=request, actor=UserFactory())
    admin = RoleAssignmentFactory(role=Role.ADMINISTRATOR, unit=None).user
    complete_deletion_request(request=request, actor=admin)
    with pytest.raises(DeletionRequestNotOpen):
        complete_deletion_request(request=request, actor=admin)


def test_rejecting_keeps_the_account_and_tells_the_person(dpo):
    user = UserFactory()
    request = request_account_deletion(user=user)
    reject_deletion_request(request=request, actor=dpo, note="Offenes Verfahren")
    user.refresh_from_db()
    assert user.is_active
    request.refresh_from_db()
    assert request.state == DeletionRequest.State.REJECTED
    assert any("Offenes Verfahren" in m.body for m in user.postbox_messages.all())
