"""Training's tile on the staff start page: every member of staff has courses to take."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_staff_area


@register_staff_area(
    key="training",
    title=_("Training"),
    text=_("Your courses, their due dates, your certificates and the classroom sessions."),
    url_name="training:mine",
)
def training_visible(user) -> bool:
    from .permissions import can_take_courses

    return can_take_courses(user)
