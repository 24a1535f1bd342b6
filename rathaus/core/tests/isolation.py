"""What the apps' isolation tests share: the pages of some URL namespaces with the keys of
their URLs, the check that a page refuses and shows nothing, and a member of staff of town B
holding every town-wide role."""

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from rathaus.core.accounts.roles import TOWN_WIDE_ROLES, Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory
from rathaus.core.tenancy import for_town
from rathaus.core.tests.test_town_isolation import sign_in

HOST_B = "musterstadt.localhost"


def pages(namespaces: tuple[str, ...], resolver=None, namespace="") -> dict[str, set[str]]:
    """Every named page in ``namespaces`` (e.g. ``("budgets:",)``) with its URL keys."""
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= pages(namespaces, pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in namespaces:
            found[namespace + pattern.name] = set(pattern.pattern.regex.groupindex)
    return found


def assert_refused(client, url: str, where: str, mark: str) -> None:
    """GET and POST answer 404 (or 405, or 302 to sign in) and show nothing of ``mark``."""
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in {302, 404, 405}, f"{method.upper()} {where}: {response}"
        if response.status_code == 302:
            location = response["Location"]
            assert "/anmelden/" in location or "/zwei-faktor/" in location, where
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert mark.encode() not in body, f"{method.upper()} {where} shows it"


def staff_of_town_b(other_town) -> Client:
    """A signed-in client on town B's host for staff holding every town-wide role there."""
    with for_town(other_town):
        staff = StaffFactory(email="amt@musterstadt.example")
        for role in TOWN_WIDE_ROLES - {Role.PROVIDER_ADMINISTRATOR}:
            RoleAssignmentFactory(user=staff, role=role, unit=None)
    return sign_in(Client(HTTP_HOST=HOST_B), staff, verified=True)
