"""Who may do what: permissions follow a person's roles and units.

Unit roles (clerk, unit lead) reach the unit and every unit below it; the
administrator role reaches every unit. Everything here is one or two queries and
cached on the user object for the request.
"""

from django.http import Http404

from .models import RoleAssignment, Unit
from .roles import Role


def _assignments(user) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return []
    cached = getattr(user, "_role_assignments_cache", None)
    if cached is None:
        cached = list(RoleAssignment.objects.for_user(user))
        user._role_assignments_cache = cached
    return cached


def roles_of(user) -> set[str]:
    return {assignment.role for assignment in _assignments(user)}


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def is_administrator(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or has_role(user, Role.ADMINISTRATOR)


def unit_ids_of(user, *roles: str) -> set:
    """The units where the user holds one of ``roles`` (any unit role if none given),
    with every unit below them."""
    wanted = set(roles) or {Role.CLERK, Role.UNIT_LEAD}
    direct = {a.unit_id for a in _assignments(user) if a.role in wanted and a.unit_id}
    return Unit.objects.subtree_ids(direct) if direct else set()


def can_manage_unit(user, unit: Unit) -> bool:
    """Administrators manage every unit; a unit lead manages their unit and those below."""
    return is_administrator(user) or unit.pk in unit_ids_of(user, Role.UNIT_LEAD)


def can_view_unit(user, unit: Unit) -> bool:
    return is_administrator(user) or unit.pk in unit_ids_of(user)


def require(condition: bool) -> None:
    """Raise 404 rather than 403 so that objects outside a person's reach stay invisible."""
    if not condition:
        raise Http404
