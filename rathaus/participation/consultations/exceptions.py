from django.utils.translation import gettext_lazy as _

from rathaus.core.exceptions import UserFacingError


class ConsultationError(UserFacingError):
    pass


class NothingToImport(ConsultationError):
    message = _("The text contains no sections. Paste the draft's text.")


class SectionHasComments(ConsultationError):
    message = _(
        "This section has comments and cannot be deleted. Edit its text instead, so that the "
        "comments keep their place."
    )


class DraftHasComments(ConsultationError):
    message = _(
        "The draft already has comments, so its sections cannot be replaced. Add or edit "
        "sections one by one instead."
    )
