from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rathaus.core"
    label = "core"
    verbose_name = _("Rathaus core")

    def ready(self) -> None:
        from .registries import autodiscover

        autodiscover()
