from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CryptoConfig(AppConfig):
    name = "rathaus.core.crypto"
    label = "crypto"
    verbose_name = _("Encryption")

    def ready(self) -> None:
        from . import checks  # noqa: F401
