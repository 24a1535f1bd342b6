"""The open-data portal on the public start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_public_area

register_public_area(
    key="opendata",
    title=_("Open data"),
    text=_("The town's data to download and reuse, with previews and an API."),
    url_name="opendata:catalogue",
    order=50,
)
