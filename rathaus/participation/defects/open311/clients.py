"""API keys of Open311 clients: staff approve a client (a city app, a regional portal) and
hand its key over once; the key authorises POST Service Request until it is revoked.

Only the key's SHA-256 hash is stored (like the staff API tokens in
``rathaus.core.accounts.api_tokens``), so a copy of the database does not let anyone post.
Administrators and the leads of any unit manage clients; every change is audited.
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.permissions import direct_unit_ids, is_administrator
from rathaus.core.accounts.roles import Role
from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.exceptions import UserFacingError

from ..models import Open311Client

KEY_BYTES = 32  # 43 URL-safe characters
PREFIX_LENGTH = 8
NAME_MAX_LENGTH = 150
MAX_KEY_LENGTH = 200  # longer values are not ours; refused before hashing
# Writing "last used" on every post would add a write to each; a minute is precise enough.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class ClientError(UserFacingError):
    pass


class ClientNameMissing(ClientError):
    message = _("Please give the name of the application.")


class ContactEmailInvalid(ClientError):
    message = _("Please enter a valid contact e-mail address, e.g. app@example.org.")


class NotPermitted(ClientError):
    message = _("You may not manage Open311 clients.")


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def may_manage_clients(user) -> bool:
    """Administrators and unit leads (of any unit) approve and revoke clients."""
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return False
    return is_administrator(user) or bool(direct_unit_ids(user, Role.UNIT_LEAD))


@transaction.atomic
def approve_client(*, actor, name: str, contact_email: str) -> tuple[Open311Client, str]:
    """A new client with its key. The key is returned here only; it cannot be shown again."""
    if not may_manage_clients(actor):
        raise NotPermitted
    name = " ".join((name or "").split())[:NAME_MAX_LENGTH]
    if not name:
        raise ClientNameMissing
    contact_email = (contact_email or "").strip()
    try:
        validate_email(contact_email)
    except ValidationError:
        raise ContactEmailInvalid from None
    key = secrets.token_urlsafe(KEY_BYTES)
    client = Open311Client.objects.create(
        name=name,
        contact_email=contact_email,
        key_hash=hash_key(key),
        key_prefix=key[:PREFIX_LENGTH],
        approved_by=actor,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=client,
        summary="Open311 client approved",
        changes={
            "name": [None, client.name],
            "contact_email": [None, client.contact_email],
            "key_prefix": [None, client.key_prefix],
        },
    )
    return client, key


@transaction.atomic
def revoke_client(*, actor, client: Open311Client) -> Open311Client:
    """The client's key stops working at once. Revoking twice changes nothing."""
    if not may_manage_clients(actor):
        raise NotPermitted
    locked = Open311Client.objects.select_for_update().get(pk=client.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=locked,
            summary="Open311 client revoked",
            changes={"revoked_at": [None, locked.revoked_at.isoformat()]},
        )
    return locked


def authenticate_client(key: str | None) -> Open311Client | None:
    """The client an ``api_key`` belongs to in this town, or None (unknown, revoked, or
    another town's). The key is looked up by its hash, never compared in clear."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    client = Open311Client.objects.filter(key_hash=hash_key(key), revoked_at__isnull=True).first()
    if client is None:
        return None
    now = timezone.now()
    if client.last_used_at is None or now - client.last_used_at >= LAST_USED_PRECISION:
        Open311Client.objects.filter(pk=client.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_PRECISION)
        ).update(last_used_at=now)
    return client
