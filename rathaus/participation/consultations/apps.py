from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "rathaus.participation.consultations"
    label = "consultations"
    verbose_name = _("Document consultations")
    default_auto_field = "django.db.models.BigAutoField"
