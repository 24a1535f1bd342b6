"""Suggestions and complaints on the public start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_public_area

register_public_area(
    key="petitions",
    title=_("Petitions and suggestions"),
    text=_(
        "Address a suggestion, a complaint or a petition to the town council or the administration."
    ),
    url_name="petitions:index",
    order=40,
)
