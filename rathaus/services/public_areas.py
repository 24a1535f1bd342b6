"""The service catalogue on the public start page."""

from django.utils.translation import gettext_lazy as _

from rathaus.core.registries import register_public_area

register_public_area(
    key="services",
    title=_("Services A–Z"),
    text=_("Apply online for what you need from the town, and follow your applications."),
    url_name="catalogue:index",
    order=10,
)
