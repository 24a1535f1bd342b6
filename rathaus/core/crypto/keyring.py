"""The key ring for personal data: AES-256-GCM keys, separate from SECRET_KEY.

The first key encrypts; every key in the ring decrypts, so keys can be rotated
(`manage.py reencrypt`). Development installs get a generated key file under
var/; production sets RATHAUS_ENCRYPTION_KEYS and RATHAUS_BLIND_INDEX_KEY.
"""

import base64
import binascii
import os
import secrets
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver


class KeyRingError(ImproperlyConfigured):
    pass


@dataclass(frozen=True)
class KeyRing:
    keys: dict[str, bytes]
    current_id: str
    blind_index_key: bytes

    @property
    def current(self) -> bytes:
        return self.keys[self.current_id]


def generate_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def parse_keys(spec: str) -> tuple[dict[str, bytes], str]:
    keys: dict[str, bytes] = {}
    first = ""
    for item in spec.split(","):
        item = item.strip()
        if not item:
            continue
        key_id, sep, encoded = item.partition(":")
        if not sep or not key_id.isalnum():
            raise KeyRingError(f"Key ring entry {key_id!r} is not 'keyid:base64key'.")
        if key_id in keys:
            raise KeyRingError(f"Key id {key_id!r} appears twice in the key ring.")
        try:
            raw = base64.urlsafe_b64decode(encoded.strip())
        except (binascii.Error, ValueError) as exc:
            raise KeyRingError(f"Key {key_id!r} is not valid base64.") from exc
        if len(raw) != 32:
            raise KeyRingError(f"Key {key_id!r} must be 32 bytes (AES-256).")
        keys[key_id] = raw
        first = first or key_id
    if not keys:
        raise KeyRingError("The encryption key ring is empty.")
    return keys, first


def _development_spec() -> tuple[str, str]:
    """Read or create the development key file (never used when keys are configured)."""
    path = settings.RATHAUS_DEV_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        content = f"dev1:{generate_key()}\n{generate_key()}\n"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(content)
    ring, blind = path.read_text().split()
    return ring, blind


@cache
def get_keyring() -> KeyRing:
    spec, blind = settings.RATHAUS_ENCRYPTION_KEYS, settings.RATHAUS_BLIND_INDEX_KEY
    if not spec or not blind:
        if getattr(settings, "PRODUCTION", False):
            raise KeyRingError(
                "RATHAUS_ENCRYPTION_KEYS and RATHAUS_BLIND_INDEX_KEY must be set in production."
            )
        spec, blind = _development_spec()
    keys, current = parse_keys(spec)
    try:
        blind_key = base64.urlsafe_b64decode(blind.strip())
    except (binascii.Error, ValueError) as exc:
        raise KeyRingError("RATHAUS_BLIND_INDEX_KEY is not valid base64.") from exc
    if len(blind_key) < 32:
        raise KeyRingError("RATHAUS_BLIND_INDEX_KEY must be at least 32 bytes.")
    return KeyRing(keys=keys, current_id=current, blind_index_key=blind_key)


def reset_keyring_cache() -> None:
    get_keyring.cache_clear()


@receiver(setting_changed)
def _reset_on_settings_change(*, setting: str, **kwargs) -> None:
    """Tests that override the keys get a fresh ring (and the old one back afterwards)."""
    if setting in {"RATHAUS_ENCRYPTION_KEYS", "RATHAUS_BLIND_INDEX_KEY", "PRODUCTION"}:
        reset_keyring_cache()
