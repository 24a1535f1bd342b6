"""System checks: production must have its own encryption keys, and configured keys must parse."""

import base64
import binascii

from django.conf import settings
from django.core import checks

from .keyring import KeyRingError, parse_keys


@checks.register(checks.Tags.security)
def check_encryption_keys(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    spec = getattr(settings, "RATHAUS_ENCRYPTION_KEYS", "")
    blind = getattr(settings, "RATHAUS_BLIND_INDEX_KEY", "")
    errors: list[checks.CheckMessage] = []
    if getattr(settings, "PRODUCTION", False) and not (spec and blind):
        errors.append(
            checks.Error(
                "Encryption keys for personal data are not configured.",
                hint=(
                    "Set RATHAUS_ENCRYPTION_KEYS ('keyid:base64key', 32-byte keys) and "
                    "RATHAUS_BLIND_INDEX_KEY; keep a copy outside the server, since data "
                    "cannot be read without them."
                ),
                id="crypto.E010",
            )
        )
    if spec:
        try:
            parse_keys(spec)
        except KeyRingError as exc:
            errors.append(checks.Error(f"RATHAUS_ENCRYPTION_KEYS: {exc}", id="crypto.E011"))
    if blind:
        try:
            blind_key = base64.urlsafe_b64decode(blind.strip())
        except (binascii.Error, ValueError):
            blind_key = b""
        if len(blind_key) < 32:
            errors.append(
                checks.Error(
                    "RATHAUS_BLIND_INDEX_KEY must be at least 32 bytes, base64-encoded.",
                    id="crypto.E012",
                )
            )
    return errors
