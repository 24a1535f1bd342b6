"""Errors of the defect reporter; each carries a translated message for the person."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class DefectError(UserFacingError):
    pass


class OutsideTown(DefectError):
    message = _(
        "This place lies outside the town. We can only take reports from within the "
        "town boundary; please check the position or choose an address in the town."
    )


class LocationMissing(DefectError):
    message = _(
        "Please tell us where the problem is: choose a street and house number, "
        "enter coordinates or click on the map."
    )


class InvalidCoordinates(DefectError):
    message = _(
        "These coordinates are not valid. Latitude lies between -90 and 90, longitude "
        "between -180 and 180 (e.g. 49.9076 and 8.5822)."
    )


class UnknownAddress(DefectError):
    message = _(
        "We do not know this street in our town. Please check the spelling, choose a "
        "street from the list or enter coordinates."
    )


class CategoryInactive(DefectError):
    message = _("Reports in this category are not taken at the moment; please choose another.")


class CategoryMissing(DefectError):
    message = _("Please choose a category.")


class PhotoRejected(DefectError):
    """Wraps the upload errors (``NotAPhoto``, ``PhotoTooLarge``) with their message."""

    message = _("The photo could not be accepted.")

    def __init__(self, message=None, *, cause=None):
        self.cause = cause
        super().__init__(message if message is not None else getattr(cause, "message", None))


class DescriptionMissing(DefectError):
    message = _("Please describe the problem.")


class DescriptionTooLong(DefectError):
    message = _("The description can have at most 4,000 characters.")


class EmailRequired(DefectError):
    message = _(
        "Please give your e-mail address: we send you a link to confirm the report and "
        "tell you when it is fixed."
    )


class InvalidEmail(DefectError):
    message = _("Please enter a valid e-mail address, e.g. name@example.org.")


class AttributeMissing(DefectError):
    def __init__(self, question: str, code: str = ""):
        self.question, self.code = question, code
        super().__init__(format_lazy(_("Please answer: {question}"), question=question))


class AttributeInvalid(DefectError):
    def __init__(self, question: str, code: str = ""):
        self.question, self.code = question, code
        super().__init__(format_lazy(_("This answer is not valid: {question}"), question=question))


class ConfirmationInvalid(DefectError):
    message = _(
        "This confirmation link is not valid or has expired. Please report the problem again."
    )


class QuestionnaireInvalid(DefectError):
    message = _("This link is not valid any more, or the question has already been answered.")


class TransitionNotAllowed(DefectError):
    message = _("The report cannot be changed this way in its current state.")


class NotResponsible(DefectError):
    message = _("You are not responsible for this report.")


class DuplicateTargetInvalid(DefectError):
    message = _("Please give the number of another, public report of this town.")


class DateRequired(DefectError):
    message = _("Please give the date by which the work is expected.")


class BoundaryInvalid(DefectError):
    message = _(
        "This is not a valid boundary. Paste a GeoJSON Polygon or MultiPolygon (or a "
        "Feature or FeatureCollection with one) with coordinates as [longitude, latitude]."
    )


class StreetImportInvalid(DefectError):
    def __init__(self, line: int, problem=""):
        self.line = line
        super().__init__(
            format_lazy(
                _("Line {line} of the file cannot be read: {problem}"),
                line=line,
                problem=problem or _("expected name;postcode;district;latitude;longitude"),
            )
        )
