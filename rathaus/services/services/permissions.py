"""Who may change the catalogue and the forms."""

from rathaus.core.accounts.permissions import has_role, is_administrator, unit_ids_of
from rathaus.core.accounts.roles import Role


def is_catalogue_manager(user) -> bool:
    """e-Government officers and administrators look after the whole catalogue."""
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return False
    return has_role(user, Role.EGOV_OFFICER) or is_administrator(user)


def can_edit_catalogue(user, unit=None) -> bool:
    """Catalogue managers; unit leads for services of their unit."""
    if is_catalogue_manager(user):
        return True
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return False
    lead_units = unit_ids_of(user, Role.UNIT_LEAD)
    return bool(lead_units) if unit is None else unit.pk in lead_units


def can_edit_service(user, service) -> bool:
    return can_edit_catalogue(user, unit=service.unit)


def can_handle_service(user, service) -> bool:
    """Clerks and leads of the service's unit handle its applications and call-backs."""
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return False
    return service.unit_id in unit_ids_of(user)
