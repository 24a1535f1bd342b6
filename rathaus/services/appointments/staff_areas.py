"""The appointments' tile on the staff start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_staff_area

from .staff_views import can_use_appointments


@register_staff_area(
    key="appointments",
    title=_("Appointments"),
    text=_("Desks, opening hours and closures; the appointments booked for each day."),
    url_name="appointments_staff:desk_list",
)
def appointments_visible(user) -> bool:
    return can_use_appointments(user)
