"""Domain errors of processes and proposals, shown to the person as translated messages."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class ParticipationError(UserFacingError):
    """Base of every refusal about processes and proposals."""


class NotAllowed(ParticipationError):
    message = _("Only participation managers can do this.")


class ProposalsClosed(ParticipationError):
    message = _("Proposals cannot be submitted in this phase of the process.")


class SupportClosed(ParticipationError):
    message = _("Proposals cannot be supported in this phase of the process.")


class ProposalLimitReached(ParticipationError):
    message = _("You have already submitted as many proposals as this process allows.")


class SupportLimitReached(ParticipationError):
    message = _(
        "You have already supported as many proposals as this process allows. "
        "Withdraw a support to support another proposal."
    )


class CannotSupportOwnProposal(ParticipationError):
    message = _("You cannot support your own proposal.")


class NotSupported(ParticipationError):
    message = _("You do not support this proposal.")


class IncompleteLocation(ParticipationError):
    message = _("Enter both latitude and longitude, or neither.")


class AnswerNeedsReasons(ParticipationError):
    message = _("Please give the reasons for the answer: they are published with it.")


class NotAccepted(ParticipationError):
    message = _("Only accepted proposals have an implementation.")
