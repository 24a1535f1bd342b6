"""Businesses (G2B): creating an organisation, inviting members, roles and leaving.

Owners manage an organisation; every organisation keeps at least one owner.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import MASK, record, record_update, snapshot
from rathaus.core.notifications.services import notify, send_templated_email

from ..exceptions import AlreadyMember, InvalidToken, LastOwner, NotPermitted
from ..models import Invitation, Membership, Organisation, User, email_lookup_for
from ..tokens import INVITATION_VALID_FOR, hash_token, new_random_token
from ._common import absolute_link, mail_context, membership_label

ORGANISATION_FIELDS = ("name", "legal_form", "register_number", "street", "postcode", "city")


def is_owner(user, organisation: Organisation) -> bool:
    return Membership.objects.filter(
        user=user, organisation=organisation, role=Membership.Role.OWNER
    ).exists()


def _require_owner(actor, organisation: Organisation) -> None:
    if not getattr(actor, "is_authenticated", False) or not is_owner(actor, organisation):
        raise NotPermitted


def _check_role(role: str) -> None:
    if role not in Membership.Role.values:
        raise ValueError(f"Unknown membership role: {role!r}")


def _lock_owners(organisation: Organisation) -> list[Membership]:
    return list(
        Membership.objects.select_for_update().filter(
            organisation=organisation, role=Membership.Role.OWNER
        )
    )


@transaction.atomic
def create_organisation(*, user: User, data: dict) -> Organisation:
    """Create an organisation; the person creating it becomes its first owner."""
    organisation = Organisation.objects.create(
        **{name: data.get(name, "") for name in ORGANISATION_FIELDS}
    )
    membership = Membership.objects.create(
        organisation=organisation, user=user, role=Membership.Role.OWNER
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=user,
        obj=organisation,
        summary="organisation created",
        changes=snapshot(organisation),
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=user,
        obj=membership,
        object_repr=membership_label(membership),
        summary="membership created",
        changes={"role": [None, membership.role]},
    )
    return organisation


@transaction.atomic
def update_organisation(*, actor: User, organisation: Organisation, data: dict) -> Organisation:
    _require_owner(actor, organisation)
    before = snapshot(organisation)
    for name in ORGANISATION_FIELDS:
        if name in data:
            setattr(organisation, name, data[name])
    organisation.save()
    record_update(actor=actor, obj=organisation, before=before, summary="organisation changed")
    return organisation


@transaction.atomic
def invite_member(
    *, actor: User, organisation: Organisation, email: str, role: str, base_url: str
) -> Invitation:
    """Invite someone by e-mail; a new invitation replaces an open one to the same
    address. The link works for INVITATION_VALID_FOR and only once."""
    _require_owner(actor, organisation)
    _check_role(role)
    lookup = email_lookup_for(email)
    if Membership.objects.filter(organisation=organisation, user__email_lookup=lookup).exists():
        raise AlreadyMember
    Invitation.objects.filter(
        organisation=organisation, email_lookup=lookup, accepted_at__isnull=True
    ).delete()
    token, token_hash = new_random_token()
    invitation = Invitation(
        organisation=organisation, role=role, token_hash=token_hash, invited_by=actor
    )
    invitation.set_email(email)
    invitation.save()
    send_templated_email(
        to=invitation.email,
        template="accounts/invitation",
        context=mail_context(
            organisation=organisation,
            inviter=actor,
            role=Membership.Role(invitation.role).label,
            link=absolute_link(base_url, "accounts:invitation_accept", token=token),
            valid_until=invitation.created_at + INVITATION_VALID_FOR,
        ),
        language=actor.preferred_language,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=invitation,
        object_repr=f"invitation to {organisation.name}"[:200],
        summary="member invited",
        changes={"email": [None, MASK], "role": [None, role]},
    )
    return invitation


def invitation_for_token(*, token: str) -> Invitation:
    """The open invitation a link belongs to, if the link is still valid."""
    invitation = (
        Invitation.objects.select_related("organisation")
        .filter(token_hash=hash_token(token), accepted_at__isnull=True)
        .first()
    )
    if invitation is None or invitation.created_at + INVITATION_VALID_FOR < timezone.now():
        raise InvalidToken
    return invitation


@transaction.atomic
def accept_invitation(*, token: str, user: User) -> Membership:
    """Join the organisation with the signed-in account (any account may accept)."""
    invitation = invitation_for_token(token=token)
    if (
        not Invitation.objects.select_for_update()
        .filter(pk=invitation.pk, accepted_at__isnull=True)
        .exists()
    ):
        raise InvalidToken
    organisation = invitation.organisation
    membership = Membership.objects.filter(organisation=organisation, user=user).first()
    if membership is None:
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    organisation=organisation, user=user, role=invitation.role
                )
        except IntegrityError:
            membership = Membership.objects.get(organisation=organisation, user=user)
        else:
            record(
                action=AuditEntry.Action.CREATE,
                actor=user,
                obj=membership,
                object_repr=membership_label(membership),
                summary="invitation accepted",
                changes={"role": [None, membership.role]},
            )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    return membership


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> None:
    _require_owner(actor, invitation.organisation)
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=invitation,
        object_repr=f"invitation to {invitation.organisation.name}"[:200],
        summary="invitation withdrawn",
    )
    invitation.delete()


@transaction.atomic
def change_member_role(*, actor: User, membership: Membership, role: str) -> Membership:
    """Make a member an owner or an owner a member; the last owner stays owner."""
    organisation = membership.organisation
    _require_owner(actor, organisation)
    _check_role(role)
    owners = _lock_owners(organisation)
    membership.refresh_from_db()
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.OWNER and len(owners) <= 1:
        raise LastOwner
    old_role = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=membership,
        object_repr=membership_label(membership),
        summary="member role changed",
        changes={"role": [old_role, role]},
    )
    return membership


@transaction.atomic
def remove_member(*, actor: User, membership: Membership) -> None:
    """Remove a member (owners), or leave (the member themselves). The last owner can
    do neither; they first make someone else owner."""
    organisation = membership.organisation
    leaving = membership.user_id == actor.pk
    if not leaving:
        _require_owner(actor, organisation)
    owners = _lock_owners(organisation)
    membership.refresh_from_db()
    if membership.role == Membership.Role.OWNER and len(owners) <= 1:
        raise LastOwner
    record(
        action=AuditEntry.Action.DELETE,
        actor=actor,
        obj=membership,
        object_repr=membership_label(membership),
        summary="member left" if leaving else "member removed",
        changes={"role": [membership.role, None]},
    )
    removed_user = membership.user
    membership.delete()
    if not leaving:
        notify(
            recipient=removed_user,
            template="accounts/membership_removed",
            context=mail_context(organisation=organisation),
            link=reverse("accounts:dashboard"),
        )


def leave_organisation(*, user: User, organisation: Organisation) -> None:
    membership = Membership.objects.filter(user=user, organisation=organisation).first()
    if membership is None:
        raise NotPermitted
    remove_member(actor=user, membership=membership)
