"""A person's own data: profile and e-mail address."""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import MASK, record, record_update, snapshot
from rathaus.core.notifications.services import notify, send_templated_email

from ..exceptions import EmailInUse, InvalidToken
from ..models import EmailChange, User, email_lookup_for, normalize_email
from ..tokens import EMAIL_CHANGE_VALID_FOR, hash_token, new_random_token
from ._common import absolute_link, mail_context

PROFILE_FIELDS = (
    "given_name",
    "family_name",
    "street",
    "postcode",
    "city",
    "phone",
    "preferred_language",
)


@transaction.atomic
def update_profile(*, user: User, data: dict) -> User:
    """Save the person's name, address, phone and language; audits which fields changed,
    never their values."""
    changed = [
        name for name in PROFILE_FIELDS if name in data and getattr(user, name) != data[name]
    ]
    if not changed:
        return user
    before = snapshot(user)
    for name in changed:
        setattr(user, name, data[name])
    user.save(update_fields=changed)
    record_update(
        actor=user,
        obj=user,
        before=before,
        summary="profile changed",
        changed_secret_fields=changed,
    )
    return user


@transaction.atomic
def request_email_change(*, user: User, new_email: str, base_url: str) -> None:
    """Start a change of address; the caller has checked the current password.

    The link goes to the new address and the old address is told. If the new address
    already belongs to another account, its owner is told instead and the person
    asking sees the same as always, so this cannot be used to find accounts.
    """
    new_email = normalize_email(new_email)
    user.email_changes.filter(confirmed_at__isnull=True).delete()
    if User.objects.filter(email_lookup=email_lookup_for(new_email)).exists():
        send_templated_email(
            to=new_email,
            template="accounts/email_change_in_use",
            context=mail_context(),
            language=user.preferred_language,
        )
    else:
        token, token_hash = new_random_token()
        change = EmailChange.objects.create(user=user, new_email=new_email, token_hash=token_hash)
        send_templated_email(
            to=new_email,
            template="accounts/email_change_confirm",
            context=mail_context(
                user=user,
                link=absolute_link(base_url, "accounts:email_change_confirm", token=token),
                valid_until=change.created_at + EMAIL_CHANGE_VALID_FOR,
            ),
            language=user.preferred_language,
        )
    notify(
        recipient=user,
        template="accounts/email_change_requested",
        context=mail_context(user=user),
        link=reverse("accounts:dashboard"),
    )
    record(
        action=AuditEntry.Action.UPDATE,
        actor=user,
        obj=user,
        summary="e-mail change requested",
    )


def email_change_for_token(*, token: str) -> EmailChange:
    """The pending change a link belongs to, if the link is still valid."""
    change = (
        EmailChange.objects.select_related("user")
        .filter(token_hash=hash_token(token), confirmed_at__isnull=True)
        .first()
    )
    if (
        change is None
        or not change.user.is_active
        or change.created_at + EMAIL_CHANGE_VALID_FOR < timezone.now()
    ):
        raise InvalidToken
    return change


@transaction.atomic
def confirm_email_change(*, token: str) -> User:
    """Switch the account to the new address through the link sent there."""
    change = email_change_for_token(token=token)
    user = change.user
    if User.objects.filter(email_lookup=email_lookup_for(change.new_email)).exists():
        raise EmailInUse
    now = timezone.now()
    user.set_email(change.new_email)
    user.email_confirmed_at = now
    try:
        with transaction.atomic():
            user.save(update_fields=["email", "email_lookup", "email_confirmed_at"])
    except IntegrityError as exc:
        raise EmailInUse from exc
    change.confirmed_at = now
    change.save(update_fields=["confirmed_at"])
    record(
        action=AuditEntry.Action.UPDATE,
        actor=user,
        obj=user,
        summary="e-mail address changed",
        changes={"email": [MASK, MASK]},
    )
    return user
