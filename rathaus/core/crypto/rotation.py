"""Key rotation: re-seal every encrypted value with the key that encrypts now.

Used by ``manage.py reencrypt`` after a new key was put first in
RATHAUS_ENCRYPTION_KEYS; once it reports nothing left under the old key id, that
key can be removed from the ring.
"""

from collections import Counter
from dataclasses import dataclass, field
from itertools import islice

from django.apps import apps
from django.db import models, transaction

from .cipher import DecryptionError, key_id_of
from .fields import Ciphertext, Sealed, encrypted_fields
from .keyring import get_keyring


@dataclass
class ModelRotation:
    """What re-sealing found (or would change, in a dry run) for one model."""

    label: str
    rows: int = 0
    resealed: int = 0
    old_keys: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def _batched(iterable, size: int):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def models_with_encrypted_fields() -> list[type[models.Model]]:
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        if encrypted_fields(model):
            found.append(model)
    return sorted(found, key=lambda model: model._meta.label)


def reencrypt_model(
    model: type[models.Model], *, dry_run: bool = False, batch_size: int = 500
) -> ModelRotation:
    """Re-seal the model's values that are not under the current key, batch by batch.

    Each batch is locked and rewritten in its own transaction, so a person editing
    a row at the same time is neither overwritten nor blocked for long. Values that
    cannot be decrypted are listed (by row and field, never by content) and left
    as they are.
    """
    fields = encrypted_fields(model)
    attnames = [f.attname for f in fields]
    current = get_keyring().current_id
    report = ModelRotation(label=model._meta.label)
    manager = model._base_manager
    pks = manager.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=batch_size)
    for chunk in _batched(pks, batch_size):
        with transaction.atomic():
            rows = list(manager.filter(pk__in=chunk).select_for_update().only("pk", *attnames))
            changed = []
            for row in rows:
                report.rows += 1
                if _reseal_row(row, fields, current, report, dry_run):
                    changed.append(row)
            if changed and not dry_run:
                manager.bulk_update(changed, attnames)
    return report


def _reseal_row(row, fields, current: str, report: ModelRotation, dry_run: bool) -> bool:
    changed = False
    for enc_field in fields:
        raw = row.__dict__.get(enc_field.attname)
        if not isinstance(raw, Sealed):
            continue
        # Keep every value sealed in memory so bulk_update writes ciphertext only.
        row.__dict__[enc_field.attname] = Ciphertext(raw.ciphertext)
        try:
            key_id = key_id_of(raw.ciphertext)
            if key_id == current:
                continue
            report.old_keys[key_id] += 1
            if dry_run:
                continue
            plaintext = enc_field.decrypt(row, raw.ciphertext)
        except DecryptionError as exc:
            report.failures.append(f"{row.pk} {enc_field.name}: {exc}")
            continue
        row.__dict__[enc_field.attname] = enc_field.encrypt(row, plaintext)
        report.resealed += 1
        changed = True
    return changed


def reencrypt_all(*, dry_run: bool = False, batch_size: int = 500) -> list[ModelRotation]:
    return [
        reencrypt_model(model, dry_run=dry_run, batch_size=batch_size)
        for model in models_with_encrypted_fields()
    ]
