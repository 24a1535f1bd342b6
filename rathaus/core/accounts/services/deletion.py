"""Deleting an account on request (Art. 17 GDPR): the person asks, staff complete it.

The account stays usable until staff complete the request, so that open
applications can still be answered; completing it anonymises the account.
"""

import secrets

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import MASK, record, snapshot
from rathaus.core.notifications.services import notify, send_templated_email

from ..exceptions import DeletionAlreadyRequested, DeletionRequestNotOpen, NotPermitted
from ..models import DeletionRequest, EmailChange, Membership, OidcIdentity, RoleAssignment, User
from ..permissions import can_handle_deletion_requests
from ..roles import Role
from ._common import mail_context

PERSONAL_FIELDS = ("given_name", "family_name", "street", "postcode", "city", "phone")


def open_deletion_request(user: User) -> DeletionRequest | None:
    return DeletionRequest.objects.filter(user=user, state=DeletionRequest.State.OPEN).first()


@transaction.atomic
def request_account_deletion(*, user: User, reason: str = "") -> DeletionRequest:
    """Ask the town to delete the account; the caller has checked the password."""
    User.objects.select_for_update().filter(pk=user.pk).first()
    if open_deletion_request(user) is not None:
        raise DeletionAlreadyRequested
    deletion_request = DeletionRequest.objects.create(user=user, reason=reason)
    record(
        action=AuditEntry.Action.CREATE,
        actor=user,
        obj=deletion_request,
        summary="account deletion requested",
    )
    notify(
        recipient=user,
        template="accounts/deletion_requested",
        context=mail_context(user=user),
        link=reverse("accounts:dashboard"),
    )
    handlers = (
        User.objects.staff()
        .active()
        .filter(role_assignments__role__in=[Role.DATA_PROTECTION_OFFICER, Role.ADMINISTRATOR])
        .distinct()
    )
    for handler in handlers:
        notify(
            recipient=handler,
            template="accounts/deletion_requested_staff",
            context=mail_context(deletion_request=deletion_request),
        )
    return deletion_request


def _lock_open(request: DeletionRequest, actor) -> DeletionRequest:
    if not can_handle_deletion_requests(actor):
        raise NotPermitted
    locked = DeletionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != DeletionRequest.State.OPEN:
        raise DeletionRequestNotOpen
    return locked


@transaction.atomic
def complete_deletion_request(*, request: DeletionRequest, actor: User) -> DeletionRequest:
    """Anonymise the account: personal fields emptied, a placeholder address, no
    password, no memberships, roles or linked identities; the account cannot sign in
    again and its sessions stop working. The person gets a last e-mail."""
    locked = _lock_open(request, actor)
    user = locked.user
    if user is not None:
        send_templated_email(
            to=user.email,
            template="accounts/deletion_completed",
            context=mail_context(user=user),
            language=user.preferred_language,
        )
        _anonymise(user, actor)
    locked.state = DeletionRequest.State.COMPLETED
    locked.handled_at = timezone.now()
    locked.handled_by = actor
    locked.reason = ""
    locked.save(update_fields=["state", "handled_at", "handled_by", "reason"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=locked,
        summary="deletion request completed",
        changes={"state": [DeletionRequest.State.OPEN, locked.state]},
    )
    return locked


def _anonymise(user: User, actor: User) -> None:
    before = snapshot(user)
    for name in PERSONAL_FIELDS:
        setattr(user, name, "")
    user.set_email(f"deleted-{secrets.token_hex(12)}@deleted.invalid")
    user.set_unusable_password()
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.email_confirmed_at = None
    user.deactivated_at = timezone.now()
    user.save()
    Membership.objects.filter(user=user).delete()
    RoleAssignment.objects.filter(user=user).delete()
    OidcIdentity.objects.filter(user=user).delete()
    EmailChange.objects.filter(user=user).delete()
    user.postbox_messages.all().delete()
    DeletionRequest.objects.filter(user=user).update(reason="")
    changes = {name: [MASK, ""] for name in PERSONAL_FIELDS if before[name]}
    changes.update(
        {
            "email": [MASK, MASK],
            "password": [MASK, MASK],
            "is_active": [before["is_active"], False],
        }
    )
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=user,
        summary="account anonymised on request (Art. 17 GDPR)",
        changes=changes,
    )


@transaction.atomic
def reject_deletion_request(*, request: DeletionRequest, actor: User, note: str) -> DeletionRequest:
    """Refuse a request (e.g. a legal duty to keep the data); the person is told why."""
    locked = _lock_open(request, actor)
    locked.state = DeletionRequest.State.REJECTED
    locked.handled_at = timezone.now()
    locked.handled_by = actor
    locked.decision_note = note
    locked.save(update_fields=["state", "handled_at", "handled_by", "decision_note"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=locked,
        summary="deletion request rejected",
        changes={"state": [DeletionRequest.State.OPEN, locked.state]},
    )
    if locked.user is not None:
        notify(
            recipient=locked.user,
            template="accounts/deletion_rejected",
            context=mail_context(user=locked.user, note=note),
            link=reverse("accounts:dashboard"),
        )
    return locked
