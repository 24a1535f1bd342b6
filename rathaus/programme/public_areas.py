"""The published e-Government annual reports on the public start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_public_area

register_public_area(
    key="programme",
    title=_("Digital town hall: annual reports"),
    text=_("How the town's e-Government programme progresses, with its key figures and costs."),
    url_name="programme_public:reports",
    order=60,
)
