"""The moderation tile on the staff start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_staff_area

from .services import is_moderator


@register_staff_area(
    key="moderation",
    title=_("Moderation"),
    text=_("Reported comments and contributions, blocked accounts, the moderation log."),
    url_name="moderation:home",
)
def moderation_visible(user) -> bool:
    return is_moderator(user)
