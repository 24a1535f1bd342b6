"""Participation's tile on the staff start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_staff_area

from .services.permissions import can_manage_participation


@register_staff_area(
    key="participation",
    title=_("Participation"),
    text=_("Participatory processes: phases, documents, proposals and official answers."),
    url_name="participation_staff:process_list",
)
def participation_visible(user) -> bool:
    return can_manage_participation(user)
