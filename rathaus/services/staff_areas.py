"""The online services' tile on the staff start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.permissions import unit_ids_of
from rathaus.core.registries import register_staff_area

from .services.permissions import can_edit_catalogue


@register_staff_area(
    key="services",
    title=_("Online applications"),
    text=_("The work queue of applications; services and their forms."),
    url_name="services_staff:home",
)
def services_visible(user) -> bool:
    return bool(unit_ids_of(user)) or can_edit_catalogue(user)
