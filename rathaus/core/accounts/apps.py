from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "rathaus.core.accounts"
    label = "accounts"
    verbose_name = _("Accounts, organisations and staff")

    def ready(self) -> None:
        from . import signals  # noqa: F401
