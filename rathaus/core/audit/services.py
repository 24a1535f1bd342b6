"""Writing to the audit trail. Services call ``record`` once per write they make."""

from contextvars import ContextVar
from dataclasses import dataclass

from django.db import models, transaction
from django.utils import timezone

from rathaus.core.crypto.fields import EncryptedTextField

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
            data[field.name] = MASK if field.value_from_object(instance) else ""
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
    changes = diff(before, snapshot(instance))
    for name in changed_secret_fields:
        changes.setdefault(name, [MASK, MASK])
    return changes


def _actor(actor) -> tuple[str, str]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return "", ""
    return str(actor.pk), str(actor)[:200]


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
    """Append one entry to the chain, inside the caller's transaction if there is one."""
    context = current_request_context.get()
    actor_id, actor_label = _actor(actor)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or _safe_repr(obj)
    with transaction.atomic():
        head, _created = ChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            sequence=head.sequence + 1,
            timestamp=timezone.now(),
            actor_id=actor_id,
            actor_label=actor_label,
            action=action,
            object_type=object_type,
            object_id=object_id,
            object_repr=object_repr[:200],
            summary=summary[:300],
            changes=changes or {},
            ip_address=context.ip_address,
            user_agent=context.user_agent[:300],
            previous_hash=head.entry_hash,
        )
        # Store what a reload from the database will give, so the hash can be recomputed.
        entry.timestamp = entry.timestamp.replace(microsecond=entry.timestamp.microsecond)
        entry.changes = _json_roundtrip(entry.changes)
        entry.entry_hash = entry.compute_hash()
        entry.save()
        ChainHead.objects.filter(pk=1).update(sequence=entry.sequence, entry_hash=entry.entry_hash)
    return entry


def _json_roundtrip(data: dict) -> dict:
    import json

    return json.loads(json.dumps(data, default=str))


def _safe_repr(obj: models.Model) -> str:
    """A label for the object that never contains encrypted personal data."""
    label = getattr(obj, "audit_label", None)
    if callable(label):
        return str(label())[:200]
    if any(isinstance(f, EncryptedTextField) for f in obj._meta.concrete_fields):
        return f"{obj._meta.verbose_name} {obj.pk}"[:200]
    return str(obj)[:200]


def history_for(obj: models.Model):
    """Entries about one object, newest first."""
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).order_by("-sequence")
