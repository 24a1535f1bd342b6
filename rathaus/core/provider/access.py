"""Who reaches the provider area: provider administrators, on the provider's own host.

Everybody else, and every other town's host, gets 404 (recorded as access denied), so
an ordinary town cannot even tell that the area exists.
"""

from rathaus.core.accounts import permissions as perms
from rathaus.core.accounts.roles import Role


def is_provider_administrator(user, town) -> bool:
    """``user`` holds the provider role in ``town``, the IT provider's own tenant."""
    return (
        town is not None
        and town.is_provider
        and getattr(user, "is_authenticated", False)
        and user.is_active
        and perms.has_role(user, Role.PROVIDER_ADMINISTRATOR)
    )


def require_provider_administrator(request, obj=None) -> None:
    """404 unless the request is a provider administrator's on the provider's host."""
    perms.require(
        is_provider_administrator(request.user, getattr(request, "town", None)),
        actor=request.user,
        obj=obj,
        summary="provider area",
    )
