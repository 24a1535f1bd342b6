"""CKAN's error types, as the Action API reports them.

Each error knows its HTTP status and the ``__type`` CKAN puts into the ``error`` object;
the types stay in English exactly as CKAN sends them (clients such as ``ckanapi`` turn
them back into exceptions by that name), the messages are translated.
"""

from abc import ABCMeta, abstractmethod

from django.utils.translation import gettext as _


class ActionError(Exception, metaclass=ABCMeta):
    """An action that ends in CKAN's error envelope."""

    status = 500
    type = "Internal Server Error"

    @abstractmethod
    def error_object(self) -> dict:
        """The ``error`` object of CKAN's envelope."""


class MessageError(ActionError):
    """An error whose object is ``{"__type": …, "message": "<prefix>: <detail>"}``."""

    def __init__(self, detail: str = ""):
        super().__init__(detail)
        self.detail = str(detail)

    @abstractmethod
    def prefix(self) -> str:
        """The translated start of the message, e.g. "Not found"."""

    def error_object(self) -> dict:
        message = self.prefix()
        if self.detail:
            message = f"{message}: {self.detail}"
        return {"__type": self.type, "message": message}


class NotFound(MessageError):
    status = 404
    type = "Not Found Error"

    def prefix(self) -> str:
        return _("Not found")


class NotAuthorized(MessageError):
    status = 403
    type = "Authorization Error"

    def prefix(self) -> str:
        return _("Access denied")


class SearchQueryError(MessageError):
    status = 400
    type = "Search Query Error"

    def prefix(self) -> str:
        return _("Search Query is invalid")


class ValidationError(ActionError):
    """Field errors: ``{"__type": "Validation Error", "<field>": ["<message>", …], …}``."""

    status = 409
    type = "Validation Error"

    def __init__(self, errors: dict):
        super().__init__(errors)
        self.errors = errors

    def error_object(self) -> dict:
        return {"__type": self.type, **self.errors}


class BadRequest(Exception):
    """Refused before any action runs (unknown action, unreadable request data): CKAN
    answers 400 with a bare JSON string, ``"Bad request - <detail>"``, without envelope."""

    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail

    def body(self) -> str:
        return f"{_('Bad request')} - {self.detail}"


def missing_value() -> str:
    return _("Missing value")
