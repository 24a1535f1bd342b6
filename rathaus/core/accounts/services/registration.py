"""Self-registration, confirmation of the e-mail address, and passwords."""

import uuid

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import MASK, record, snapshot
from rathaus.core.notifications.services import send_templated_email

from ..exceptions import InvalidToken
from ..models import User, email_lookup_for
from ..tokens import email_confirmation_token
from ._common import absolute_link, mail_context


@transaction.atomic
def register_account(
    *,
    email: str,
    password: str,
    given_name: str,
    family_name: str,
    language: str,
    base_url: str,
) -> User | None:
    """Create an account that can sign in once its e-mail address is confirmed.

    If the address already has an account, nothing is created and the owner of the
    address is told by e-mail instead; the person registering sees the same page
    either way, so the form does not reveal which addresses have accounts.
    """
    existing = User.objects.filter(email_lookup=email_lookup_for(email)).first()
    if existing is None:
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    given_name=given_name,
                    family_name=family_name,
                    preferred_language=language,
                )
        except IntegrityError:
            existing = User.objects.filter(email_lookup=email_lookup_for(email)).first()
        else:
            record(
                action=AuditEntry.Action.CREATE,
                actor=user,
                obj=user,
                summary="account registered",
                changes=snapshot(user),
            )
            send_confirmation_email(user=user, base_url=base_url)
            return user
    # Hash anyway, so the answer takes as long as creating an account would.
    make_password(password)
    if existing is not None:
        _send_already_registered(existing, base_url)
    return None


def _send_already_registered(user: User, base_url: str) -> None:
    context = mail_context(
        user=user,
        login_link=absolute_link(base_url, "accounts:login"),
        reset_link=absolute_link(base_url, "accounts:password_reset"),
        confirm_link=_confirmation_link(user, base_url) if not user.email_confirmed else "",
    )
    send_templated_email(
        to=user.email,
        template="accounts/already_registered",
        context=context,
        language=user.preferred_language,
    )


def _confirmation_link(user: User, base_url: str) -> str:
    token = email_confirmation_token.make_token(user)
    return absolute_link(base_url, "accounts:confirm_email", user_id=user.pk, token=token)


def send_confirmation_email(*, user: User, base_url: str) -> None:
    """Send a link that confirms the account's e-mail address."""
    send_templated_email(
        to=user.email,
        template="accounts/confirm_email",
        context=mail_context(user=user, link=_confirmation_link(user, base_url)),
        language=user.preferred_language,
    )


def resend_confirmation(*, email: str, base_url: str) -> None:
    """Send a new confirmation link if an unconfirmed account has this address.

    Says nothing about whether it did, so the answer does not reveal accounts.
    """
    user = User.objects.filter(email_lookup=email_lookup_for(email)).first()
    if user is not None and user.is_active and not user.email_confirmed:
        send_confirmation_email(user=user, base_url=base_url)


def account_for_confirmation(*, user_id: uuid.UUID, token: str) -> User:
    """The account a confirmation link belongs to, if the link is still valid."""
    user = User.objects.filter(pk=user_id).first()
    if (
        user is None
        or not user.is_active
        or user.email_confirmed
        or not email_confirmation_token.check_token(user, token)
    ):
        raise InvalidToken
    return user


@transaction.atomic
def confirm_email(*, user_id: uuid.UUID, token: str) -> User:
    """Confirm an account's e-mail address through the link sent to it; the link then
    stops working."""
    user = account_for_confirmation(user_id=user_id, token=token)
    user.email_confirmed_at = timezone.now()
    user.save(update_fields=["email_confirmed_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=user,
        obj=user,
        summary="e-mail address confirmed",
        changes={"email_confirmed_at": [None, user.email_confirmed_at.isoformat()]},
    )
    return user


@transaction.atomic
def reset_password(*, user: User, password: str) -> User:
    """Set a new password through a reset link; the link proves the address, so an
    unconfirmed address counts as confirmed afterwards."""
    user.set_password(password)
    fields = ["password"]
    if not user.email_confirmed:
        user.email_confirmed_at = timezone.now()
        fields.append("email_confirmed_at")
    user.save(update_fields=fields)
    record(
        action=AuditEntry.Action.UPDATE,
        actor=user,
        obj=user,
        summary="password reset",
        changes={"password": [MASK, MASK]},
    )
    _send_password_changed(user)
    return user


@transaction.atomic
def change_password(*, user: User, password: str) -> User:
    """Change the password of a signed-in person who gave their current one."""
    user.set_password(password)
    user.save(update_fields=["password"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=user,
        obj=user,
        summary="password changed",
        changes={"password": [MASK, MASK]},
    )
    _send_password_changed(user)
    return user


def _send_password_changed(user: User) -> None:
    send_templated_email(
        to=user.email,
        template="accounts/password_changed",
        context=mail_context(user=user),
        language=user.preferred_language,
    )
