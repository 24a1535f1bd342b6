from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProviderConfig(AppConfig):
    name = "rathaus.core.provider"
    label = "provider"
    verbose_name = _("Provider area")
