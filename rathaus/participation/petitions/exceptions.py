"""Errors of petitions; each carries a translated message for the page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class PetitionError(UserFacingError):
    message = _("This could not be done.")


class NotAllowedToSubmit(PetitionError):
    message = _("Petitions are sent with a citizen's account. Sign in with yours.")


class AddresseeUnavailable(PetitionError):
    message = _("Choose one of the addressees offered.")


class KindUnavailable(PetitionError):
    message = _("Choose whether this is a suggestion, a complaint or a petition.")


class ConsentMissing(PetitionError):
    message = _("Agree to the processing of your data, so that we can handle your petition.")


class NotHandling(PetitionError):
    message = _("You do not handle petitions to this addressee.")


class WrongStatus(PetitionError):
    message = _("This cannot be done in the petition's current status.")


class SameAddressee(PetitionError):
    message = _("The petition is already with this addressee. Choose another one.")


class AnswerMissing(PetitionError):
    message = _("Write the reasoned answer.")


class NotAdministrator(PetitionError):
    message = _("Only administrators manage the addressees.")


class NoEFile(PetitionError):
    message = _("The addressee has no e-file configured.")


class EFileRefused(PetitionError):
    message = _(
        "The e-file did not accept the petition (is the file still open?). Check the "
        "addressee's e-file and try again."
    )
