"""The expert group on its members' account page: external experts have no staff area, so
this is where they find the group after the invitation."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_account_area


@register_account_area(
    key="expert_group",
    title=_("Expert group"),
    text=_("Meetings with agenda and minutes, decisions, tasks and documents."),
    url_name="expert_group:home",
)
def expert_group_member(user) -> bool:
    from .permissions import membership_of

    return membership_of(user) is not None
