"""Writing to the audit trail. Services call ``record`` once per write they make.

Entries never hold secrets or personal values: encrypted and secret-looking
fields are masked in snapshots, and people and objects whose model stores
encrypted personal data are labelled by type and id, not by name or e-mail.
"""

import ipaddress
import json
import math
from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from rathaus.core.crypto.fields import EncryptedTextField
from rathaus.core.tenancy import ScopeError, current_town_id

from .models import AuditEntry, ChainHead

SECRET_FIELD_NAMES = frozenset(
    {"password", "secret", "key", "token", "token_hash", "otp", "bin_key", "email_lookup"}
)
MASK = "•••"


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    user_agent: str = ""


current_request_context: ContextVar[RequestContext] = ContextVar(
    "audit_request_context",
    default=RequestContext(),  # noqa: B039 - a frozen dataclass, never mutated
)


def _is_secret(field: models.Field) -> bool:
    return isinstance(field, EncryptedTextField) or any(
        part in field.name for part in SECRET_FIELD_NAMES
    )


def snapshot(instance: models.Model) -> dict:
    """The instance's field values as audit data; secret and personal fields are masked."""
    data = {}
    for field in instance._meta.concrete_fields:
        if _is_secret(field):
            # Read the raw attribute where loaded: a masked value never needs decrypting.
            if field.attname in instance.__dict__:
                raw = instance.__dict__[field.attname]
            else:
                raw = getattr(instance, field.attname)
            data[field.name] = MASK if raw not in (None, "") else ""
        else:
            value = field.value_from_object(instance)
            data[field.name] = (
                value if isinstance(value, bool | int | float | type(None)) else str(value)
            )
    return data


def diff(before: dict, after: dict) -> dict:
    """Changed fields as ``{name: [old, new]}``; masked fields show only that they changed."""
    changes = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changes[name] = [old, new]
    return changes


def diff_instance(before: dict, instance: models.Model, changed_secret_fields=()) -> dict:
    """``diff(before, snapshot(instance))``; a secret field whose value changed but whose
    mask did not (both set) is named in ``changed_secret_fields`` by the caller."""
    changes = diff(before, snapshot(instance))
    for name in changed_secret_fields:
        changes.setdefault(name, [MASK, MASK])
    return changes


def record_update(
    *, actor, obj: models.Model, before: dict, summary: str, changed_secret_fields=(), ignore=()
) -> dict:
    """Audit an edit of ``obj`` against its ``snapshot`` taken before; nothing is written
    when nothing changed. Returns the changes."""
    changes = diff_instance(before, obj, changed_secret_fields=changed_secret_fields)
    for name in ignore:
        changes.pop(name, None)
    if changes:
        record(
            action=AuditEntry.Action.UPDATE,
            actor=actor,
            obj=obj,
            summary=summary,
            changes=changes,
        )
    return changes


def _has_personal_data(obj: models.Model) -> bool:
    return any(isinstance(f, EncryptedTextField) for f in obj._meta.concrete_fields)


def _safe_repr(obj: models.Model) -> str:
    """A label for the object that never contains encrypted personal data."""
    label = getattr(obj, "audit_label", None)
    if callable(label):
        return str(label())[:200]
    if _has_personal_data(obj):
        return f"{obj._meta.verbose_name} {obj.pk}"[:200]
    return str(obj)[:200]


def _actor(actor) -> tuple[str, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "", ""
    return str(actor.pk), _safe_repr(actor)


def _clean_text(value: str, limit: int) -> str:
    # PostgreSQL text cannot hold NUL; the stored value must equal the hashed one.
    return str(value).replace("\x00", "")[:limit]


def _clean_ip(value: str | None) -> str | None:
    """The address as the database gives it back, so the entry's hash stays stable."""
    if not value:
        return None
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return str(address.ipv4_mapped)
    return str(address)


def _normalise_number(value):
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        # PostgreSQL's jsonb gives 1.0 and 1e20 back as integers; store them as such.
        if value.is_integer():
            return int(value)
    return value


def _json_roundtrip(data: dict) -> dict:
    """The changes exactly as the database will give them back, so the hash stays valid."""
    return json.loads(
        json.dumps(data, default=str),
        parse_float=lambda text: _normalise_number(float(text)),
        parse_constant=str,
    )


def record(
    *,
    action: str,
    actor=None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    summary: str = "",
    changes: dict | None = None,
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction if there is one.

    The chain head row is locked (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite
    transactions here are IMMEDIATE and so already exclusive), which serialises
    concurrent appends: each entry links to the one committed before it. When the
    caller's transaction rolls back, the entry and the head move back together.
    """
    context = current_request_context.get()
    actor_id, actor_label = _actor(actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or _safe_repr(obj)
    town_id = current_town_id()
    if town_id is None:
        raise ScopeError("Audit entries belong to a town: open its scope first.")
    with transaction.atomic():
        head = ChainHead.objects.select_for_update().filter(town_id=town_id).first()
        if head is None:
            ChainHead.objects.get_or_create(town_id=town_id)
            head = ChainHead.objects.select_for_update().get(town_id=town_id)
        entry = AuditEntry(
            town_id=town_id,
            sequence=head.sequence + 1,
            # Whole microseconds in UTC: what every database gives back.
            timestamp=timezone.now(),
            actor_id=_clean_text(actor_id, 64),
            actor_label=_clean_text(actor_label, 200),
            action=action,
            object_type=_clean_text(object_type, 100),
            object_id=_clean_text(object_id, 64),
            object_repr=_clean_text(object_repr, 200),
            summary=_clean_text(summary, 300),
            changes=_json_roundtrip(changes or {}),
            ip_address=_clean_ip(context.ip_address),
            user_agent=_clean_text(context.user_agent, 300),
            previous_hash=head.entry_hash,
        )
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
        head.sequence = entry.sequence
        head.entry_hash = entry.entry_hash
        head.save(update_fields=["sequence", "entry_hash"])
    return entry


def record_permission_denied(
    *, actor, obj: models.Model | None = None, object_type: str = "", summary: str = ""
) -> AuditEntry:
    """Note that ``actor`` was refused access to ``obj`` (or to a kind of object)."""
    return record(
        action=AuditEntry.Action.PERMISSION_DENIED,
        actor=actor,
        obj=obj,
        object_type=object_type,
        summary=summary,
    )


def history_for(obj: models.Model):
    """Entries about one object, newest first."""
    return AuditEntry.objects.about(obj)
