"""Staff API tokens: a member of staff gives a program access to the JSON API in their name
(``Authorization: Bearer <secret>``), with exactly their rights.

The secret is shown once, when the token is created; only its SHA-256 hash is stored, so a
copy of the database does not give access. Tokens can be revoked and may expire; a token of
a disabled account, or of an account that is no longer staff, stops working at once.
"""

import datetime
import hashlib
import secrets
import uuid
from typing import TYPE_CHECKING

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja.security import HttpBearer

from rathaus.core.audit.models import AuditEntry
from rathaus.core.audit.services import record
from rathaus.core.exceptions import UserFacingError
from rathaus.core.tenancy import TownOwned, scoped_manager

from .exceptions import NotPermitted

if TYPE_CHECKING:
    from .models import User

SECRET_BYTES = 32  # 43 URL-safe characters
PREFIX_LENGTH = 8
NAME_MAX_LENGTH = 100
# Longer values are not ours; they are refused before hashing.
MAX_SECRET_LENGTH = 200
# Writing "last used" on every request would turn each API read into a write.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class ApiTokenError(UserFacingError):
    """A token cannot be created or changed; ``message`` says why."""


class NameMissing(ApiTokenError):
    message = _("Say what the token is for.")


class ExpiryInPast(ApiTokenError):
    message = _("The expiry date cannot be in the past.")


class ApiTokenQuerySet(models.QuerySet):
    def of_user(self, user):
        """The person's own tokens, newest first."""
        return self.filter(user=user).order_by("-created_at")

    def usable(self, now: datetime.datetime | None = None):
        """Tokens neither revoked nor expired."""
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ApiToken(TownOwned):
    """A token for the JSON API that acts as its owner, a member of staff."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("owner"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"),
        max_length=NAME_MAX_LENGTH,
        help_text=_("What the token is for, e.g. the program that uses it."),
    )
    prefix = models.CharField(_("beginning"), max_length=PREFIX_LENGTH, editable=False)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = scoped_manager(ApiTokenQuerySet)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.UniqueConstraint(
                fields=["town", "secret_hash"], name="unique_api_token_secret_hash"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_expired(self, now: datetime.datetime | None = None) -> bool:
        return self.expires_at is not None and self.expires_at <= (now or timezone.now())

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        return not self.is_revoked and not self.is_expired(now)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _end_of_day(day: datetime.date) -> datetime.datetime:
    """The token works through the whole of its last day, in the site's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.max))


def _may_hold_tokens(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_town_staff and user.is_active)


@transaction.atomic
def create_token(
    *, actor, name: str, expires_on: datetime.date | None = None
) -> tuple[ApiToken, str]:
    """A new token of ``actor`` (staff only). Returns the token and its secret; the secret
    is not stored and cannot be shown again."""
    if not _may_hold_tokens(actor):
        raise NotPermitted
    name = (name or "").strip()
    if not name:
        raise NameMissing
    if expires_on is not None and expires_on < timezone.localdate():
        raise ExpiryInPast
    secret = secrets.token_urlsafe(SECRET_BYTES)
    token = ApiToken.objects.create(
        user=actor,
        name=name[:NAME_MAX_LENGTH],
        prefix=secret[:PREFIX_LENGTH],
        secret_hash=hash_secret(secret),
        expires_at=_end_of_day(expires_on) if expires_on else None,
    )
    record(
        action=AuditEntry.Action.CREATE,
        actor=actor,
        obj=token,
        summary="API token created",
        changes={
            "name": [None, token.name],
            "prefix": [None, token.prefix],
            "expires_at": [None, token.expires_at.isoformat() if token.expires_at else None],
        },
    )
    return token, secret


@transaction.atomic
def revoke_token(*, actor, token: ApiToken) -> ApiToken:
    """The owner revokes a token: it stops working at once. Revoking twice changes nothing."""
    if not getattr(actor, "is_authenticated", False) or token.user_id != actor.pk:
        raise NotPermitted
    locked = ApiToken.objects.select_for_update().get(pk=token.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=locked,
            summary="API token revoked",
            changes={"revoked_at": [None, locked.revoked_at.isoformat()]},
        )
    return locked


def authenticate_token(secret: str) -> "User | None":
    """The member of staff a secret stands for, or None.

    The secret is never compared character by character: its SHA-256 hash is looked up,
    so response times say nothing about how much of a guess was right. Revoked and
    expired tokens, and tokens of disabled or non-staff accounts, are refused. Works in
    the current town's scope: another town's token is unknown here.
    """
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    try:
        token = ApiToken.objects.select_related("user").get(secret_hash=hash_secret(secret))
    except ApiToken.DoesNotExist:
        return None
    now = timezone.now()
    user = token.user
    if not token.is_usable(now) or not _may_hold_tokens(user):
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).filter(
            Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_PRECISION)
        ).update(last_used_at=now)
    return user


class ApiTokenAuth(HttpBearer):
    """Authentication of the JSON API by ``Authorization: Bearer <secret>``: the request
    acts as the token's owner (``request.auth``, and ``request.user``, so the response is
    treated as personal and never cached). No cookie is involved, hence no CSRF check."""

    def authenticate(self, request, token: str) -> "User | None":
        user = authenticate_token(token)
        if user is not None:
            request.user = user
        return user
