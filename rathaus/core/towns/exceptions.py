"""Errors of exporting and deleting whole towns."""


class ProviderTownProtected(Exception):
    """The provider's own town (its administrators manage the others) is not deleted
    unless that is asked for explicitly."""
