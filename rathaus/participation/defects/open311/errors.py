"""Errors of the API as the specification defines them: an HTTP status (404 for what does
not exist, 403 for a missing or wrong ``api_key``, 400 for everything else) and one or more
``code``/``description`` pairs for the body. Descriptions are meant for people, so they
are translated."""

from django.utils.translation import gettext_lazy as _


class Open311Error(Exception):
    status = 400

    def __init__(self, description, *, code: int | None = None, status: int | None = None):
        self.status = status or self.status
        self.code = code or self.status
        self.description = description
        super().__init__(str(description))


class BadRequest(Open311Error):
    status = 400


class Forbidden(Open311Error):
    status = 403


class NotFound(Open311Error):
    status = 404


def unknown_format() -> NotFound:
    return NotFound(_("Unknown format: use .xml or .json."))
