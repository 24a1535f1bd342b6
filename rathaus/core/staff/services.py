"""Writes of the staff area: accounts, roles, units, the town's own data and the inboxes.

Every function checks the actor's rights (a missing right is recorded and answered
with 404, like on the pages), runs in one transaction and writes one audit entry.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from rathaus.core.accounts import otp
from rathaus.core.accounts import permissions as perms
from rathaus.core.accounts.models import (
    DeletionRequest,
    RoleAssignment,
    Unit,
    User,
    email_lookup_for,
)
from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record, record_update, snapshot
from rathaus.core.models import AccessibilityFeedback, Town

from . import exceptions

LOGO_KINDS = {"png", "jpeg", "svg"}
UNIT_FIELDS = ("name", "short_name", "code", "kind", "parent", "email")
TOWN_FIELDS = (
    "name",
    "official_name",
    "languages",
    "ags",
    "ars",
    "coat_of_arms_text",
    "street",
    "postcode",
    "city",
    "phone",
    "email",
    "website",
    "opening_hours",
    "imprint",
    "privacy_policy",
    "accessibility_statement",
    "accessibility_reviewed_on",
    "accessibility_contact_email",
    "enforcement_body",
)


def _require(condition: bool, *, actor, obj=None, summary: str = "") -> None:
    perms.require(condition, actor=actor, obj=obj, summary=summary)


# --- accounts -----------------------------------------------------------------------------


def invitation_path(user: User) -> str:
    """The set-password link of a staff invitation (valid until a password is set)."""
    return reverse(
        "staff:invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def _send_invitation(*, user: User, town: Town, base_url: str) -> None:
    from rathaus.core.notifications.services import send_templated_email

    send_templated_email(
        to=user.email,
        template="staff/staff_invitation",
        context={
            "user": user,
            "town": town,
            "link": base_url.rstrip("/") + invitation_path(user),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        },
        language=user.preferred_language,
    )


@transaction.atomic
def create_staff_account(
    *,
    actor: User,
    town: Town,
    email: str,
    given_name: str,
    family_name: str,
    preferred_language: str = "de",
    base_url: str,
) -> User:
    """Open a staff account without a password and e-mail an invitation to set one."""
    _require(perms.can_manage_users(actor), actor=actor, summary="create staff account")
    if User.objects.filter(email_lookup=email_lookup_for(email)).exists():
        raise exceptions.AccountExists
    user = User.objects.create_user(
        email=email,
        password=None,
        kind=User.Kind.STAFF,
        given_name=given_name,
        family_name=family_name,
        preferred_language=preferred_language,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=user,
        summary="staff account created and invited",
        changes={"kind": [None, user.kind]},
    )
    _send_invitation(user=user, town=town, base_url=base_url)
    return user


@transaction.atomic
def resend_staff_invitation(*, actor: User, user: User, town: Town, base_url: str) -> None:
    """Send the invitation again to a staff account that has no password yet."""
    _require(perms.can_manage_users(actor), actor=actor, obj=user)
    if not user.is_town_staff or user.has_usable_password() or not user.is_active:
        raise exceptions.AlreadyHandled
    record(action=AuditEntry.Action.OTHER, actor=actor, obj=user, summary="invitation resent")
    _send_invitation(user=user, town=town, base_url=base_url)


@transaction.atomic
def accept_staff_invitation(*, user: User, password: str) -> User:
    """Set the first password of an invited account; this also confirms its e-mail address."""
    user.set_password(password)
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
    user.save(update_fields=["password", "email_confirmed_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=user,
        obj=user,
        summary="invitation accepted, password set",
        changes={"password": ["•••", "•••"]},
    )
    return user


def _active_administrators_other_than(user: User):
    return User.objects.active().staff().with_role(Role.ADMINISTRATOR).exclude(pk=user.pk)


@transaction.atomic
def update_account(
    *, actor: User, user: User, given_name: str, family_name: str, kind: str
) -> User:
    """Change a person's name or whether the account is a staff or a citizen account."""
    _require(perms.can_manage_users(actor), actor=actor, obj=user)
    if kind != user.kind:
        if user.pk == actor.pk:
            raise exceptions.OwnAccount
        if kind == User.Kind.CITIZEN and user.role_assignments.exists():
            raise exceptions.AccountHoldsRoles
    before = snapshot(user)
    # Encrypted fields are masked in snapshots; name the ones that changed.
    changed_names = [
        name
        for name, value in (("given_name", given_name), ("family_name", family_name))
        if getattr(user, name) != value
    ]
    user.given_name, user.family_name, user.kind = given_name, family_name, kind
    user.save(update_fields=["given_name", "family_name", "kind"])
    record_update(
        actor=actor,
        obj=user,
        before=before,
        summary="account changed",
        changed_secret_fields=changed_names,
    )
    return user


def end_sessions_of(user: User) -> int:
    """Delete every stored session of the person; returns how many there were.

    Only database-backed session engines can be searched; with any engine, the
    authentication backend refuses inactive accounts on their next request anyway.
    """
    engine = settings.SESSION_ENGINE
    if engine not in (
        "django.contrib.sessions.backends.db",
        "django.contrib.sessions.backends.cached_db",
    ):
        return 0
    from django.contrib.sessions.models import Session

    store_class = import_module(engine).SessionStore
    user_id = str(user.pk)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get(SESSION_KEY) == user_id:
            store_class(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def disable_account(*, actor: User, user: User) -> User:
    """Disable an account: it cannot sign in, and its open sessions end now."""
    _require(perms.can_manage_users(actor), actor=actor, obj=user)
    if user.pk == actor.pk:
        raise exceptions.OwnAccount
    if (
        perms.is_administrator(user)
        and user.is_active
        and not _active_administrators_other_than(user).exists()
    ):
        raise exceptions.LastAdministrator
    if not user.is_active:
        raise exceptions.AlreadyHandled
    _switch_active(
        actor=actor,
        obj=user,
        active=False,
        summary="account disabled",
        deactivated_at=timezone.now(),
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=user,
        summary="sessions ended",
        changes={"sessions_ended": end_sessions_of(user)},
    )
    return user


def _switch_active(*, actor: User, obj, active: bool, summary: str, **fields) -> None:
    """Set ``is_active`` (and ``fields``) on an account or unit and audit the switch."""
    obj.is_active = active
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.save(update_fields=["is_active", *fields])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=obj,
        summary=summary,
        changes={"is_active": [not active, active]},
    )


@transaction.atomic
def enable_account(*, actor: User, user: User) -> User:
    _require(perms.can_manage_users(actor), actor=actor, obj=user)
    if user.is_active:
        raise exceptions.AlreadyHandled
    _switch_active(
        actor=actor, obj=user, active=True, summary="account enabled", deactivated_at=None
    )
    return user


@transaction.atomic
def reset_second_factor(*, actor: User, user: User) -> None:
    """Remove a person's authenticator and recovery codes, e.g. after a lost phone.

    Their sessions end too, so the new device is set up only after a fresh sign-in with
    the password, never in a session that is still open somewhere.
    """
    _require(perms.can_manage_users(actor), actor=actor, obj=user)
    otp.remove_second_factor(user=user, actor=actor)
    if user.pk != actor.pk:
        end_sessions_of(user)


# --- roles --------------------------------------------------------------------------------


def _role_summary(role: str, unit: Unit | None) -> str:
    return f"{role} in {unit.code}" if unit is not None else role


@transaction.atomic
def assign_role(*, actor: User, user: User, role: str, unit: Unit | None = None) -> RoleAssignment:
    """Give a member of staff a role, in a unit for unit roles (clerk, unit lead).

    Raises ``ValidationError`` (for the form) when the role and the unit do not fit.
    """
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    _require(perms.can_assign_role(actor, role, unit), actor=actor, obj=unit or user)
    if not user.is_town_staff:
        raise exceptions.NotStaff
    assignment = RoleAssignment(user=user, role=role, unit=unit)
    assignment.full_clean(validate_constraints=False)
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit).exists():
        raise ValidationError(_("This person already holds this role."))
    assignment.save()
    perms.forget_cached_roles(user)
    summary = f"role assigned: {_role_summary(role, unit)}"
    changes = {"role": [None, role], "unit": [None, unit.code if unit else None]}
    record(action=AuditEntry.Action.CREATE, actor=actor, obj=user, summary=summary, changes=changes)
    if unit is not None:
        record(
            action=AuditEntry.Action.CREATE, actor=actor, obj=unit, summary=summary, changes=changes
        )
    return assignment


@transaction.atomic
def remove_role(*, actor: User, assignment: RoleAssignment) -> None:
    _require(
        perms.can_remove_assignment(actor, assignment),
        actor=actor,
        obj=assignment.unit or assignment.user,
    )
    user, unit = assignment.user, assignment.unit
    if (
        assignment.role == Role.ADMINISTRATOR
        and not _active_administrators_other_than(user).exists()
    ):
        raise exceptions.LastAdministrator
    assignment.delete()
    perms.forget_cached_roles(user)
    summary = f"role removed: {_role_summary(assignment.role, unit)}"
    changes = {"role": [assignment.role, None], "unit": [unit.code if unit else None, None]}
    record(action=AuditEntry.Action.DELETE, actor=actor, obj=user, summary=summary, changes=changes)
    if unit is not None:
        record(
            action=AuditEntry.Action.DELETE, actor=actor, obj=unit, summary=summary, changes=changes
        )


# --- units --------------------------------------------------------------------------------


def _check_parent(actor: User, parent: Unit | None, unit: Unit | None = None) -> None:
    _require(perms.can_create_unit(actor, parent), actor=actor, obj=parent or unit)


@transaction.atomic
def create_unit(*, actor: User, data: dict) -> Unit:
    """Create a unit; unit leads only below a unit they manage."""
    _check_parent(actor, data.get("parent"))
    unit = Unit(**{name: data[name] for name in UNIT_FIELDS if name in data})
    unit.full_clean()
    unit.save()
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=unit,
        summary="unit created",
        changes={k: [None, v] for k, v in snapshot(unit).items() if v not in ("", None)},
    )
    return unit


@transaction.atomic
def update_unit(*, actor: User, unit: Unit, data: dict) -> Unit:
    _require(perms.can_manage_unit(actor, unit), actor=actor, obj=unit)
    if "parent" in data and data["parent"] != unit.parent:
        _check_parent(actor, data["parent"], unit)
    before = snapshot(unit)
    for name in UNIT_FIELDS:
        if name in data:
            setattr(unit, name, data[name])
    unit.full_clean()
    unit.save()
    record_update(actor=actor, obj=unit, before=before, summary="unit changed")
    return unit


@transaction.atomic
def retire_unit(*, actor: User, unit: Unit) -> Unit:
    """Retire a unit (it stays in files and history but takes no new work)."""
    _require(perms.can_manage_unit(actor, unit), actor=actor, obj=unit)
    if not unit.is_active:
        raise exceptions.AlreadyHandled
    if unit.children.filter(is_active=True).exists():
        raise exceptions.UnitHasActiveChildren
    _switch_active(actor=actor, obj=unit, active=False, summary="unit retired")
    return unit


@transaction.atomic
def reactivate_unit(*, actor: User, unit: Unit) -> Unit:
    _require(perms.can_manage_unit(actor, unit), actor=actor, obj=unit)
    if unit.is_active:
        raise exceptions.AlreadyHandled
    _switch_active(actor=actor, obj=unit, active=True, summary="unit reactivated")
    return unit


# --- the town's own data ------------------------------------------------------------------


def _store_logo(logo_file, actor: User):
    from django.core.exceptions import ValidationError

    from rathaus.core.uploads.exceptions import UploadError
    from rathaus.core.uploads.services import store_upload

    try:
        return store_upload(
            uploaded_file=logo_file, kinds=LOGO_KINDS, uploaded_by=actor, is_public=True
        )
    except UploadError as error:
        raise ValidationError({"logo_file": error.message}) from error


@transaction.atomic
def update_town_settings(
    *, actor: User, town: Town, data: dict, logo_file=None, remove_logo: bool = False
) -> Town:
    """Change the town's own data; a new logo goes through the upload service."""
    _require(perms.can_edit_town_settings(actor), actor=actor, obj=town)
    before = snapshot(town)
    for name in TOWN_FIELDS:
        if name in data:
            setattr(town, name, data[name])
    if remove_logo and logo_file is None:
        town.logo = None
    # Check the data before storing a file, so that a refused form leaves no file behind.
    town.full_clean()
    if logo_file is not None:
        town.logo = _store_logo(logo_file, actor)
    town.save()
    record_update(
        actor=actor, obj=town, before=before, summary="town settings changed", ignore=["updated_at"]
    )
    return town


# --- inboxes ------------------------------------------------------------------------------


@transaction.atomic
def mark_feedback_handled(*, actor: User, feedback: AccessibilityFeedback) -> None:
    _require(perms.can_handle_accessibility_feedback(actor), actor=actor, obj=feedback)
    if feedback.handled_at is not None:
        raise exceptions.AlreadyHandled
    feedback.handled_at = timezone.now()
    feedback.handled_by = actor
    feedback.save(update_fields=["handled_at", "handled_by"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=actor,
        obj=feedback,
        summary="accessibility feedback handled",
    )


def complete_deletion(*, actor: User, deletion_request: DeletionRequest) -> None:
    """Carry out a person's deletion request (the accounts service deletes and audits)."""
    _require(perms.can_handle_deletion_requests(actor), actor=actor, obj=deletion_request)
    if deletion_request.state != DeletionRequest.State.OPEN:
        raise exceptions.AlreadyHandled
    from rathaus.core.accounts.services import complete_deletion_request

    complete_deletion_request(request=deletion_request, actor=actor)


def reject_deletion(*, actor: User, deletion_request: DeletionRequest, note: str) -> None:
    """Refuse a deletion request with a reason the person is told (audited by accounts)."""
    _require(perms.can_handle_deletion_requests(actor), actor=actor, obj=deletion_request)
    if deletion_request.state != DeletionRequest.State.OPEN:
        raise exceptions.AlreadyHandled
    from rathaus.core.accounts.services import reject_deletion_request

    reject_deletion_request(request=deletion_request, actor=actor, note=note)
