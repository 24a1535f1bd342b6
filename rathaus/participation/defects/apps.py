from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DefectsConfig(AppConfig):
    name = "rathaus.participation.defects"
    label = "defects"
    verbose_name = _("Defect reporter (Mängelmelder)")
    default_auto_field = "django.db.models.BigAutoField"
