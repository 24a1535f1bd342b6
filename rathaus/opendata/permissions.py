"""Who keeps the catalogue: data stewards and administrators."""

from rathaus.core.accounts.permissions import has_role, is_administrator
from rathaus.core.accounts.roles import Role

from .exceptions import NotAllowed


def can_steward(user) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_town_staff:
        return False
    return is_administrator(user) or has_role(user, Role.DATA_STEWARD)


def require_steward(user) -> None:
    if not can_steward(user):
        raise NotAllowed
