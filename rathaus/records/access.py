"""Who may use the e-file at all, and the 404 for everything else."""

from django.http import Http404

from rathaus.core.accounts.permissions import has_role, unit_ids_of
from rathaus.core.accounts.roles import Role


def can_use_records(user) -> bool:
    """Staff with a unit role, and archivists."""
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return False
    return bool(unit_ids_of(user)) or has_role(user, Role.ARCHIVIST)


def require_records_user(user) -> None:
    if not can_use_records(user):
        raise Http404


def is_archivist(user) -> bool:
    return has_role(user, Role.ARCHIVIST)


def get_visible_or_404(queryset, user, **lookup):
    """The object if ``user`` may see it; 404 otherwise (also for objects that exist)."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError):
        raise Http404 from None
