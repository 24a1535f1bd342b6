from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EngagementConfig(AppConfig):
    name = "rathaus.participation.engagement"
    label = "engagement"
    verbose_name = _("Comments, moderation and following")
    default_auto_field = "django.db.models.BigAutoField"
