"""The programme's tiles on the staff start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_staff_area


@register_staff_area(
    key="programme",
    title=_("e-Government programme"),
    text=_("The concept and its measures, roadmap, costs, budget, key figures and funding."),
    url_name="programme:dashboard",
)
def programme_visible(user) -> bool:
    from .permissions import can_read_programme

    return can_read_programme(user)


@register_staff_area(
    key="expert_group",
    title=_("Expert group"),
    text=_("Meetings with agenda and minutes, decisions, tasks and documents."),
    url_name="expert_group:home",
)
def expert_group_visible(user) -> bool:
    from .permissions import can_see_expert_group

    return can_see_expert_group(user)
