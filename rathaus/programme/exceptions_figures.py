"""Refusals around key figures; each carries a translated message for the page."""

from django.utils.translation import gettext_lazy as _

from .exceptions import ProgrammeError


class FigureError(ProgrammeError):
    message = _("The key figure could not be saved.")


class UnknownRegistryKey(FigureError):
    message = _("Choose the key figure of the platform it is computed from.")


class NotAManualFigure(FigureError):
    message = _(
        "The values of a computed key figure come from the platform's data; they cannot be entered."
    )


class MonthInFuture(FigureError):
    message = _("Values can be recorded for the current month or earlier months only.")


class EvidenceMissing(FigureError):
    message = _("Say where the value comes from.")


class MonthNotOver(FigureError):
    message = _("A computed value is recorded once its month is over.")
