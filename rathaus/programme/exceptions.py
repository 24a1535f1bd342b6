"""Refusals in the programme; each carries a translated message for the page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class ProgrammeError(UserFacingError):
    message = _("This could not be done.")


class NotAllowed(ProgrammeError):
    message = _("You may not do this in the programme.")


# --- The concept: fields of action, measures, milestones and risks ------------------------
# ``field`` names the form field a refusal belongs to (None: the form as a whole).


class ConceptError(ProgrammeError):
    field: str | None = None


class FieldSlugTaken(ConceptError):
    field = "slug"
    message = _("Another field of action already has this short name. Choose another one.")


class MeasureCodeTaken(ConceptError):
    field = "code"
    message = _("Another measure already has this number. Choose another one.")


class MeasureEndsBeforeStart(ConceptError):
    field = "ends_on"
    message = _("The end must not be before the start.")


class DependencyCycle(ConceptError):
    field = "depends_on"
    message = _("These dependencies would form a circle: a measure cannot wait for itself.")


class ResponsibleNotStaff(ConceptError):
    field = "responsible_person"
    message = _("Only a member of staff can be responsible for a measure.")


class RiskOwnerNotStaff(ConceptError):
    field = "owner"
    message = _("Only a member of staff can own a risk.")


class FieldHasMeasures(ConceptError):
    message = _(
        "Only a field of action without measures can be deleted. Move its measures to "
        "another field of action first."
    )


class ReachedInFuture(ConceptError):
    field = "reached_on"
    message = _("A milestone cannot be reached on a day still to come.")
