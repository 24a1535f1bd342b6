"""Domain errors of the e-file, shown to the person as translated messages."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class RecordsError(UserFacingError):
    """Base of every refusal in the e-file."""


class ConflictingEdit(RecordsError):
    """Someone else saved the same object after this form was opened."""

    message = _(
        "Someone else changed this in the meantime. Nothing was overwritten: "
        "check the current state below and enter your changes again."
    )
