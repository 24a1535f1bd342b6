"""What every writing action shares: only data stewards write, each write is one
transaction, and the services' refusals become CKAN's errors."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction

from ..exceptions import NameTaken, NotAllowed, NotPublishable
from .errors import NotAuthorized, ValidationError
from .params import Param
from .registry import Context

# Model fields as CKAN names them, for validation errors.
CKAN_FIELD = {
    "organization": "owner_org",
    "contact_name": "maintainer",
    "contact_email": "maintainer_email",
    "themes": "groups",
    "__all__": "message",
}
ID = Param("id", "string", "The id (or name) of the object.", required=True)


def writing(function):
    """Only data stewards write; every write is one transaction, and refusals of the
    services become CKAN's errors."""

    def run(context: Context, args: dict):
        if not context.is_steward:
            raise NotAuthorized(str(NotAllowed.message))
        try:
            with transaction.atomic():
                return function(context, args)
        except NotAllowed as error:
            raise NotAuthorized(str(error.message)) from error
        except NameTaken as error:
            raise ValidationError({"name": [str(error.message)]}) from error
        except NotPublishable as error:
            raise ValidationError({"state": [str(error.message)]}) from error
        except DjangoValidationError as error:
            raise ValidationError(django_errors(error)) from error

    run.__name__ = function.__name__
    run.__doc__ = function.__doc__
    return run


def django_errors(error: DjangoValidationError) -> dict:
    if not hasattr(error, "error_dict"):
        return {"message": " ".join(str(message) for message in error.messages)}
    return {
        CKAN_FIELD.get(field, field): [str(message) for message in messages]
        for field, messages in error.message_dict.items()
    }
