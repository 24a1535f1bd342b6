"""Refusals of the funding catalogue and the expert group; each carries a translated message
for the page."""

from django.utils.translation import gettext_lazy as _

from .exceptions import ProgrammeError


class ProgrammeHasApplications(ProgrammeError):
    message = _(
        "This funding programme has applications for funding. Withdraw or keep them; the "
        "programme cannot be deleted while they exist."
    )


class AlreadyMember(ProgrammeError):
    message = _("This person is already a member of the expert group.")


class StaffAddressForExternal(ProgrammeError):
    message = _(
        "This e-mail address belongs to a member of staff. Add them as a member of staff instead."
    )


class AccountInactive(ProgrammeError):
    message = _("The account with this e-mail address is deactivated.")


class NotInvitable(ProgrammeError):
    message = _("Only external experts who have not chosen a password yet can be invited again.")


class NotAMember(ProgrammeError):
    message = _("Tasks can only be given to current members of the expert group.")


class MemberAlreadyLeft(ProgrammeError):
    message = _("This person has already left the expert group.")
