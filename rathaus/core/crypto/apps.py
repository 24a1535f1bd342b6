from django.apps import AppConfig


class CryptoConfig(AppConfig):
    name = "rathaus.core.crypto"
    label = "crypto"
    verbose_name = "Encryption"

    def ready(self) -> None:
        from . import checks  # noqa: F401
