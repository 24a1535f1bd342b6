"""The defect reporter's tile on the staff start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.accounts.permissions import is_administrator, unit_ids_of
from rathaus.core.registries import register_staff_area


@register_staff_area(
    key="defects",
    title=_("Defect reports"),
    text=_("Reports of the defect reporter (Mängelmelder): queue, status, categories and map."),
    url_name="defects_staff:queue",
)
def defects_visible(user) -> bool:
    return bool(
        getattr(user, "is_town_staff", False) and (is_administrator(user) or unit_ids_of(user))
    )


@register_staff_area(
    key="open311",
    title=_("Open311 clients"),
    text=_("Keys for applications that send defect reports through Open311."),
    url_name="open311:clients",
)
def open311_visible(user) -> bool:
    from .open311.clients import may_manage_clients

    return may_manage_clients(user)
