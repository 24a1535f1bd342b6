"""Domain errors of accounts and organisations; views turn them into translated messages."""

from django.core.exceptions import PermissionDenied


class AccountsError(Exception):
    """Base of every error the accounts services raise."""


class NotPermitted(AccountsError, PermissionDenied):
    """The acting person may not do this (views answer 403 or 404)."""


class InvalidToken(AccountsError):
    """A link is wrong, already used or expired."""


class WrongPassword(AccountsError):
    """The current password given to confirm a change is not correct."""


class EmailInUse(AccountsError):
    """Another account already uses the e-mail address."""


class DeletionAlreadyRequested(AccountsError):
    """The person already has an open deletion request."""


class DeletionRequestNotOpen(AccountsError):
    """The deletion request was already completed or rejected."""


class LastOwner(AccountsError):
    """The change would leave the organisation without an owner."""


class AlreadyMember(AccountsError):
    """The person is already a member of the organisation."""
