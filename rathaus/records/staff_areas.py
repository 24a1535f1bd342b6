"""The e-file's tile on the staff start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_staff_area

from .access import can_use_records


@register_staff_area(
    key="records",
    title=_("E-file (e-Akte)"),
    text=_("Files, procedures and documents; my inbox; search; disposal."),
    url_name="records:home",
)
def records_visible(user) -> bool:
    return can_use_records(user)
