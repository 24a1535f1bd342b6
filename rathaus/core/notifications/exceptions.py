"""Errors of the notification service."""


class UnsafeLink(ValueError):
    """A postbox message may only link to a page of this site (a path starting with "/")."""
