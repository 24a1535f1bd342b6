"""Tokens in e-mailed links: signed tokens for account confirmation, and random
tokens (stored only as a hash) for invitations and changes of e-mail address."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.tokens import PasswordResetTokenGenerator

INVITATION_VALID_FOR = timedelta(days=14)
EMAIL_CHANGE_VALID_FOR = timedelta(days=2)


class EmailConfirmationTokenGenerator(PasswordResetTokenGenerator):
    """A token that confirms an account's e-mail address.

    It is signed with SECRET_KEY, expires after PASSWORD_RESET_TIMEOUT and becomes
    invalid once the address is confirmed or changed, so each link works once.
    """

    key_salt = "rathaus.core.accounts.tokens.EmailConfirmationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        confirmed = "" if user.email_confirmed_at is None else user.email_confirmed_at.isoformat()
        return f"{user.pk}{user.email_lookup}{confirmed}{user.is_active}{timestamp}"


email_confirmation_token = EmailConfirmationTokenGenerator()


def new_random_token() -> tuple[str, str]:
    """A fresh token for a link, and the hash that is stored instead of it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
