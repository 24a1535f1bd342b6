"""Refusals about surveys, shown to the person as translated messages."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class SurveyError(UserFacingError):
    """Base of every refusal about surveys."""


class NotAllowed(SurveyError):
    message = _("You may not build or evaluate surveys.")


class StructureLocked(SurveyError):
    """Answers exist: adding, removing or reordering would change what people answered."""

    message = _(
        "This survey already has answers. Its questions and options can no longer be added, "
        "removed, reordered or changed in kind, because the answers given would no longer "
        "match them. You can still correct the wording."
    )


class NotReadyToPublish(SurveyError):
    message = _("The survey cannot be published yet.")


class SurveyNotOpen(SurveyError):
    message = _("This survey is not open for answers at the moment.")


class AlreadyAnswered(SurveyError):
    message = _("You have already answered this survey. Thank you!")


class SignInRequired(SurveyError):
    message = _("Please sign in to answer this survey.")
