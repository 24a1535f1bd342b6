"""Who may do what: permissions follow a person's roles and units.

Unit roles (clerk, unit lead) reach the unit and every unit below it; the
administrator role reaches every unit. Everything here is one or two queries and
cached on the user object for the request. Pages answer a missing right with 404
(``require``), so that objects outside a person's reach stay invisible.
"""

from django.db.models import QuerySet
from django.http import Http404

from .models import RoleAssignment, Unit
from .roles import UNIT_ROLES, Role


def _assignments(user) -> list[RoleAssignment]:
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return []
    cached = getattr(user, "_role_assignments_cache", None)
    if cached is None:
        cached = list(RoleAssignment.objects.for_user(user))
        user._role_assignments_cache = cached
    return cached


def forget_cached_roles(user) -> None:
    """Drop the per-request cache after the person's roles changed."""
    if hasattr(user, "_role_assignments_cache"):
        del user._role_assignments_cache


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


def direct_unit_ids(user, *roles: str) -> set:
    """The units where the user holds one of ``roles`` (any unit role if none given),
    without the units below: where work addressed to a unit reaches them."""
    wanted = set(roles) or {Role.CLERK, Role.UNIT_LEAD}
    return {a.unit_id for a in _assignments(user) if a.role in wanted and a.unit_id}


def can_manage_unit(user, unit: Unit) -> bool:
    """Administrators manage every unit; a unit lead manages their unit and those below."""
    return is_administrator(user) or unit.pk in unit_ids_of(user, Role.UNIT_LEAD)


def can_view_unit(user, unit: Unit) -> bool:
    return is_administrator(user) or unit.pk in unit_ids_of(user)


def visible_units(user) -> QuerySet:
    """The units a person may see in the staff area: all for administrators, else their own
    units and those below."""
    if is_administrator(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=unit_ids_of(user))


def manageable_units(user) -> QuerySet:
    """The units a person may change and staff: all for administrators, else the units they
    lead and those below."""
    if is_administrator(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=unit_ids_of(user, Role.UNIT_LEAD))


def can_use_units_area(user) -> bool:
    return is_administrator(user) or bool(unit_ids_of(user))


def can_create_unit(user, parent: Unit | None) -> bool:
    """Administrators create units anywhere; unit leads only below a unit they manage."""
    if is_administrator(user):
        return True
    return parent is not None and can_manage_unit(user, parent)


def can_manage_users(user) -> bool:
    return is_administrator(user)


def can_edit_town_settings(user) -> bool:
    return is_administrator(user)


def can_handle_accessibility_feedback(user) -> bool:
    return is_administrator(user)


def can_handle_deletion_requests(user) -> bool:
    return is_administrator(user) or has_role(user, Role.DATA_PROTECTION_OFFICER)


def assignable_roles(user, unit: Unit | None = None) -> list[str]:
    """The roles a person may hand out (in ``unit`` if given): administrators every role,
    unit leads the clerk role in units they manage."""
    if is_administrator(user):
        return [r for r in Role if r in UNIT_ROLES] if unit is not None else list(Role)
    if unit is not None and can_manage_unit(user, unit):
        return [Role.CLERK]
    return []


def can_assign_role(user, role: str, unit: Unit | None) -> bool:
    if is_administrator(user):
        return True
    return role == Role.CLERK and unit is not None and can_manage_unit(user, unit)


def can_remove_assignment(user, assignment: RoleAssignment) -> bool:
    return can_assign_role(user, assignment.role, assignment.unit)


def require(condition: bool, *, actor=None, obj=None, summary: str = "") -> None:
    """Raise 404 rather than 403 so that objects outside a person's reach stay invisible.

    With ``actor`` the refusal is written to the audit trail as access denied.
    """
    if condition:
        return
    if actor is not None:
        from rathaus.core.audit.models import AuditEntry
        from rathaus.core.audit.services import record

        record(
            action=AuditEntry.Action.PERMISSION_DENIED,
            actor=actor,
            obj=obj,
            summary=summary or "access denied",
        )
    raise Http404
