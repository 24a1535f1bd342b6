"""Domain errors of the staff area; views turn them into translated messages."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class StaffError(UserFacingError):
    """A staff action that cannot be done; ``message`` is shown to the person."""


class AccountExists(StaffError):
    message = _("An account with this e-mail address already exists.")


class NotStaff(StaffError):
    message = _("Roles can only be given to staff accounts.")


class OwnAccount(StaffError):
    message = _("You cannot do this to your own account.")


class LastAdministrator(StaffError):
    message = _("At least one active administrator must remain.")


class AccountHoldsRoles(StaffError):
    message = _("Remove this person's roles before making the account a citizen account.")


class UnitHasActiveChildren(StaffError):
    message = _("Retire the units below this one first.")


class AlreadyHandled(StaffError):
    message = _("This has already been handled.")
