"""The open-data portal's tile on the staff start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_staff_area


@register_staff_area(
    key="opendata",
    title=_("Open data"),
    text=_("Publish datasets, upload and check tables, and switch on automatic datasets."),
    url_name="opendata_staff:list",
)
def opendata_visible(user) -> bool:
    from .permissions import can_steward

    return can_steward(user)
