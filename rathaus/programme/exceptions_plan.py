"""Refusals of the cost plan, the staff plan and the budget account; each carries a
translated message for the page."""

from django.utils.translation import gettext_lazy as _

from .exceptions import ProgrammeError


class PlanError(ProgrammeError):
    message = _("This could not be done in the plan.")


class YearOutOfRange(PlanError):
    message = _("Enter a year between %(first)s and %(last)s.")

    def __init__(self, first: int, last: int):
        super().__init__(self.message % {"first": first, "last": last})


class NegativeAmount(PlanError):
    message = _("Amounts must not be negative.")


class ZeroPosting(PlanError):
    message = _("A posting needs an amount other than zero.")


class DuplicateVoucher(PlanError):
    message = _("A posting with this voucher number is already booked on this account.")


class DuplicateAccount(PlanError):
    message = _("There is already a budget account with this number.")


class ImportNotValid(PlanError):
    """Nothing is booked; ``preview`` (a ``budget_import.ImportPreview``) lists the problems."""

    message = _("Nothing was booked: the file has problems. Correct them and upload it again.")

    def __init__(self, preview=None):
        super().__init__()
        self.preview = preview


class ImportExpired(PlanError):
    message = _("The preview is no longer valid. Upload the file again.")
