"""The defect reporter on the public start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_public_area

register_public_area(
    key="defects",
    title=_("Report a defect"),
    text=_("A pothole, a broken street light, litter: tell the town where, and follow the fix."),
    url_name="defects:start",
    order=30,
)
