from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "rathaus.participation.petitions"
    label = "petitions"
    verbose_name = _("Petitions and suggestions (Eingaben)")
    default_auto_field = "django.db.models.BigAutoField"
