"""Refusals of the open-data catalogue, shown to the person as translated messages. The CKAN
API turns them into its own error objects."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class OpenDataError(UserFacingError):
    """Base of every refusal about datasets, resources and the datastore."""


class NotAllowed(OpenDataError):
    message = _("Only data stewards can do this.")


class NameTaken(OpenDataError):
    message = _("Another dataset already has this short name.")


class NotPublishable(OpenDataError):
    message = _("A dataset needs at least one resource before it can be published.")


class DatastoreError(OpenDataError):
    """A datastore query that cannot be answered (unknown field, bad filter, refused SQL)."""

    message = _("The query cannot be answered.")
