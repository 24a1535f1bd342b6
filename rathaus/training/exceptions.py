"""Refusals in training; each carries a translated message for the page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class TrainingError(UserFacingError):
    message = _("This could not be done.")


class NotAllowed(TrainingError):
    message = _("You may not do this in training.")


class CannotAssign(TrainingError):
    NOT_PUBLISHED = _("Only published courses can be assigned.")
    NOT_STAFF = _("Courses can be assigned to active members of staff only.")
    DUE_IN_PAST = _("The due date must not lie in the past.")
    ALREADY_OPEN = _("This person already has this course to do.")


class NotPublishable(TrainingError):
    message = _(
        "A course needs a target role and at least one lesson; every lesson with a check "
        "needs enough questions, each with a right answer."
    )


class LessonLocked(TrainingError):
    message = _("Finish the lessons before this one first.")


class NoAttemptsLeft(TrainingError):
    message = _("You have used every attempt at this check. Ask the training team for help.")


class AttemptClosed(TrainingError):
    message = _("This check has already been submitted. Start a new attempt.")


class IncompleteAnswers(TrainingError):
    message = _("Answer every question before you submit the check.")


class SessionFull(TrainingError):
    message = _("This session is full. Choose another date.")


class SessionNotOpen(TrainingError):
    message = _("Registration for this session is closed.")


class AlreadyRegistered(TrainingError):
    message = _("You are already registered for this session.")


class AttendanceTooEarly(TrainingError):
    message = _("Attendance can be recorded once the session has begun.")


class SlugTaken(TrainingError):
    message = _("Another course already uses this short name. Choose a different one.")


class BreaksPublishedCourse(TrainingError):
    """A change to a published course would leave it in a state it could not be published in."""

    message = _(
        "People are taking this published course: this change would leave it incomplete. "
        "Add the missing questions or answers first, or lower the number of questions per check."
    )


# Classroom sessions (helper 3).


class NotRegistered(TrainingError):
    message = _("You are not registered for this session.")


class SessionCancelled(TrainingError):
    message = _("This session has been cancelled.")


class CannotChangeSession(TrainingError):
    NOT_PUBLISHED = _("Sessions can be scheduled for published courses only.")
    IN_PAST = _("A session must begin in the future.")
    ENDS_BEFORE_START = _("A session must end after it begins.")
    BELOW_REGISTRATIONS = _("More people are registered than this number of places.")
    ALREADY_BEGUN = _("A session that has begun can no longer be changed or cancelled.")
    NOT_STAFF = _("The trainer must be an active member of staff.")
