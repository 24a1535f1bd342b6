"""Who runs participatory processes: participation managers and administrators."""

from rathaus.core.accounts.permissions import has_role, is_administrator
from rathaus.core.accounts.roles import Role

from ..exceptions import NotAllowed


def can_manage_participation(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return False
    return is_administrator(user) or has_role(user, Role.PARTICIPATION_MANAGER)


def require_manager(user) -> None:
    if not can_manage_participation(user):
        raise NotAllowed
