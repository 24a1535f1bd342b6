"""Staff roles: per organisational unit, or town-wide."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLERK = "clerk", _("Clerk (Sachbearbeitung)")
    UNIT_LEAD = "unit_lead", _("Unit lead")
    EGOV_OFFICER = "egov_officer", _("e-Government officer")
    EXPERT_GROUP = "expert_group", _("Expert-group member")
    DATA_PROTECTION_OFFICER = "dpo", _("Data-protection officer")
    ARCHIVIST = "archivist", _("Archivist")
    PARTICIPATION_MANAGER = "participation", _("Participation manager (processes)")
    MODERATOR = "moderator", _("Moderator (participation)")
    DATA_STEWARD = "data_steward", _("Data steward (open data)")
    TRAINING_ADMIN = "training_admin", _("Training admin")
    ADMINISTRATOR = "administrator", _("Administrator")
    PROVIDER_ADMINISTRATOR = "provider_admin", _("Provider administrator (all towns)")


UNIT_ROLES = frozenset({Role.CLERK, Role.UNIT_LEAD})
TOWN_WIDE_ROLES = frozenset(set(Role) - UNIT_ROLES)
