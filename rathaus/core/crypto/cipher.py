"""AES-GCM sealing of single values, and the HMAC blind index for equality lookups.

A sealed value is text: ``v1:<key id>:<base64 nonce+ciphertext+tag>``. The caller
passes associated data (table, field, row) so a value copied to another row or
column fails to decrypt instead of silently appearing there.
"""

import base64
import binascii
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from .keyring import get_keyring

PREFIX = "v1"
NONCE_BYTES = 12


class DecryptionError(Exception):
    """A value could not be decrypted: wrong key, unknown key id, or tampered data."""


def seal(plaintext: str, associated_data: bytes) -> str:
    ring = get_keyring()
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = AESGCM(ring.current).encrypt(nonce, plaintext.encode(), associated_data)
    payload = base64.urlsafe_b64encode(nonce + ciphertext).decode()
    return f"{PREFIX}:{ring.current_id}:{payload}"


def key_id_of(sealed: str) -> str:
    """The id of the key that sealed the value (``manage.py reencrypt`` reports by it)."""
    parts = sealed.split(":", 2) if isinstance(sealed, str) else []
    if len(parts) != 3 or parts[0] != PREFIX or not parts[1]:
        raise DecryptionError("Value is not in the sealed format.")
    return parts[1]


def is_current(sealed: str) -> bool:
    """Whether the value is sealed with the key that encrypts now."""
    return key_id_of(sealed) == get_keyring().current_id


def unseal(sealed: str, associated_data: bytes) -> str:
    key_id = key_id_of(sealed)
    key = get_keyring().keys.get(key_id)
    if key is None:
        raise DecryptionError(f"Key {key_id!r} is not in the key ring.")
    try:
        raw = base64.urlsafe_b64decode(sealed.split(":", 2)[2].encode("ascii"))
    except (binascii.Error, ValueError) as exc:
        raise DecryptionError("Value is not in the sealed format.") from exc
    if len(raw) <= NONCE_BYTES:
        raise DecryptionError("Value is not in the sealed format.")
    try:
        plaintext = AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], associated_data)
    except InvalidTag as exc:
        raise DecryptionError(
            "Decryption failed: wrong key, or the value was moved or changed."
        ) from exc
    return plaintext.decode()


def blind_index(value: str, purpose: str) -> str:
    """A keyed hash for equality lookups; ``purpose`` separates the uses of one key."""
    message = f"{purpose}\x00{value}".encode()
    return hmac.new(get_keyring().blind_index_key, message, hashlib.sha256).hexdigest()
