from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class EngagementError(UserFacingError):
    pass


class CommentsClosed(EngagementError):
    message = _("Comments are not open here at the moment.")


class AccountBlocked(EngagementError):
    message = _(
        "Your account has been blocked from contributing by the moderators. "
        "You can still read everything."
    )


class NameRequired(EngagementError):
    message = _("In this process contributions show the author's name.")


class EmptyText(EngagementError):
    message = _("Please write a comment.")


class TextTooLong(EngagementError):
    message = _("A comment can have at most 5,000 characters.")


class AlreadyFlagged(EngagementError):
    message = _("You have already reported this. The moderators will look at it.")


class ReasonRequired(EngagementError):
    message = _("Please give a reason: it is recorded in the moderation log.")


class NotAModerator(EngagementError):
    message = _("Only moderators can do this.")


class InvalidUnsubscribeLink(EngagementError):
    message = _("This link is not valid. You may already have unsubscribed.")


class StaffNotBlockable(EngagementError):
    message = _("Accounts of staff cannot be blocked; ask an administrator to change their roles.")


class NotYourComment(EngagementError):
    message = _("You can only withdraw your own comments.")


class ContentNotAvailable(EngagementError):
    message = _("This content is not available.")


class ReplyTargetGone(EngagementError):
    message = _("The comment you replied to is no longer available. Your text is kept below.")
