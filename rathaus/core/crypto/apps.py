from django.apps import AppConfig


class CryptoConfig(AppConfig):
    name = "rathaus.core.crypto"
    label = "crypto"
    verbose_name = "Encryption"
