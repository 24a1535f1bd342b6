"""Participation on the public start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_public_area

register_public_area(
    key="participation",
    title=_("Take part"),
    text=_("Proposals, surveys, the participatory budget and consultations on drafts."),
    url_name="participation:index",
    order=20,
)
