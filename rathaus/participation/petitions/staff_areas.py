"""The petitions' tile on the staff start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_staff_area

from .staff_views import can_use_petitions


@register_staff_area(
    key="petitions",
    title=_("Petitions and suggestions"),
    text=_("Suggestions, complaints and petitions of citizens: forward, examine, answer."),
    url_name="petitions_staff:queue",
)
def petitions_visible(user) -> bool:
    return can_use_petitions(user)
