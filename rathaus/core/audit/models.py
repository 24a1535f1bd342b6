"""The audit trail: an append-only, hash-chained log of what people did.

Every town has its own chain: each entry stores the hash of the entry before it in
its town's chain; ``ChainHead`` holds the town's newest sequence number and hash, so
a changed, inserted or deleted entry, and a cut-off end of the chain, are all found
by ``manage.py audit_verify``. The application refuses to change or delete entries;
on PostgreSQL, database triggers refuse it too (migration 0003).
"""

import hashlib
import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from rathaus.core.tenancy import TownOwned, scoped_manager

GENESIS_HASH = "0" * 64


class AppendOnlyError(Exception):
    """Raised on any attempt to change or remove an audit entry."""


class AuditEntryQuerySet(models.QuerySet):
    """Reads of the trail; every bulk write except appending through ``record()`` is refused."""

    def update(self, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def delete(self):
        raise AppendOnlyError("Audit entries cannot be deleted.")

    def bulk_create(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries are only appended through services.record().")

    def bulk_update(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be changed.")

    def about(self, obj: models.Model) -> "AuditEntryQuerySet":
        """Entries about one object, newest first."""
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by(
            "-sequence"
        )

    def by_actor(self, actor) -> "AuditEntryQuerySet":
        return self.filter(actor_id=str(actor.pk)).order_by("-sequence")


class AuditEntry(TownOwned):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")
        VIEW = "view", _("viewed")
        LOGIN = "login", _("signed in")
        LOGOUT = "logout", _("signed out")
        LOGIN_FAILED = "login_failed", _("failed sign-in")
        PERMISSION_DENIED = "denied", _("access denied")
        OTHER = "other", _("other")

    sequence = models.PositiveBigIntegerField(editable=False)
    timestamp = models.DateTimeField(editable=False, db_index=True)
    actor_id = models.CharField(max_length=64, blank=True, db_index=True)
    actor_label = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=20, choices=Action)
    object_type = models.CharField(max_length=100, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=200, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    previous_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False)

    objects = scoped_manager(AuditEntryQuerySet)

    class Meta:
        ordering = ["sequence"]
        indexes = [models.Index(fields=["town", "object_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(fields=["town", "sequence"], name="unique_audit_sequence")
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.object_type}:{self.object_id}"

    def canonical(self) -> bytes:
        """The entry's content as stable bytes: what its hash covers."""
        data = {
            "town": str(self.town_id),
            "sequence": self.sequence,
            "timestamp": self.timestamp.isoformat(),
            "actor_id": self.actor_id,
            "actor_label": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "summary": self.summary,
            "changes": self.changes,
            "ip_address": self.ip_address,
            "user_agent": self.user_agent,
            "previous_hash": self.previous_hash,
        }
        return json.dumps(
            data, sort_keys=True, separators=(",", ":"), ensure_ascii=True, default=str
        ).encode()

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical()).hexdigest()

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Audit entries cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit entries cannot be deleted.")


class ChainHead(models.Model):
    """One row per town that serialises appends and remembers the end of its chain."""

    town = models.OneToOneField(
        "core.Town", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    sequence = models.PositiveBigIntegerField(default=0)
    entry_hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
