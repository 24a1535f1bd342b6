"""Nobody reaches an appointment object they may not see: not anybody on another town's
host, not a clerk of another unit of the same town. Every appointment page, found by
walking the ``appointments`` and ``appointments_staff`` URL namespaces, is requested with
the keys of one object of each kind; the answer is 404 (or 405 where a page only takes
POST), and nothing of the object appears in it.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rathaus.core.accounts.roles import TOWN_WIDE_ROLES, Role
from rathaus.core.accounts.tests.factories import RoleAssignmentFactory, StaffFactory, UnitFactory
from rathaus.core.tenancy import for_town
from rathaus.core.tests.test_town_isolation import sign_in

from .conftest import MONDAY, at
from .factories import ClosureFactory, DeskFactory, book

HOST_B = "musterstadt.localhost"
NAMESPACES = ("appointments:", "appointments_staff:")
# Every name and text of the objects below carries this; no refused answer may.
MARK = "Lindenweg"

pytestmark = pytest.mark.usefixtures("now")


class Objects:
    """One object of each kind, at a desk of the Abfallwirtschaft of Weiterstadt (town A)."""

    def __init__(self, service, units):
        self.desk = DeskFactory(
            name=f"Schalter {MARK}", unit=units["waste"], location=MARK, services=[service]
        )
        self.appointment = book(service, at(MONDAY, 9), name=f"Erika {MARK}")
        self.closure = ClosureFactory(date=MONDAY, desk=self.desk, reason=f"Kurs {MARK}")
        self.service = service

    def kwargs_for(self, name: str, keys: set[str]) -> dict | None:
        short = name.split(":", 1)[1]
        values = {
            "code": self.appointment.manage_token,
            "service_slug": self.service.slug,
        }
        by_prefix = {"desk": self.desk, "appointment": self.appointment, "closure": self.closure}
        kwargs = {}
        for key in keys:
            if key in values:
                kwargs[key] = values[key]
                continue
            target = next(
                (obj for prefix, obj in by_prefix.items() if short.startswith(prefix)), None
            )
            if target is None:
                return None
            kwargs[key] = target.pk
        return kwargs


def appointment_pages(resolver=None, namespace="") -> dict[str, set[str]]:
    pages = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            pages |= appointment_pages(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            pages[namespace + pattern.name] = set(pattern.pattern.regex.groupindex)
    return pages


@pytest.fixture
def objects(service, units):
    return Objects(service, units)


@pytest.fixture
def visitors_of_b(other_town):
    """On Musterstadt's host: its member of staff holding every role, and a visitor."""
    with for_town(other_town):
        staff = StaffFactory(email="amt@musterstadt.example")
        unit = UnitFactory(name="Abfallwirtschaft", code="70")
        for role in TOWN_WIDE_ROLES - {Role.PROVIDER_ADMINISTRATOR}:
            RoleAssignmentFactory(user=staff, role=role, unit=None)
        for role in (Role.CLERK, Role.UNIT_LEAD):
            RoleAssignmentFactory(user=staff, role=role, unit=unit)
    return {
        "staff": sign_in(Client(HTTP_HOST=HOST_B), staff, verified=True),
        "visitor": Client(HTTP_HOST=HOST_B),
    }


def _refused(response) -> bool:
    return response.status_code in {404, 405} or (
        response.status_code == 302 and "/konto/" in response["Location"]
    )


def test_every_page_with_an_object_is_in_the_catalogue(objects):
    pages = {name: objects.kwargs_for(name, keys) for name, keys in appointment_pages().items()}
    assert pages
    unknown = sorted(name for name, kwargs in pages.items() if kwargs is None)
    assert not unknown, f"teach Objects which object these pages name: {unknown}"


@pytest.mark.parametrize("who", ["staff", "visitor"])
def test_another_town_reaches_no_object_of_this_town(objects, visitors_of_b, who):
    client = visitors_of_b[who]
    for name, keys in appointment_pages().items():
        url = reverse(name, kwargs=objects.kwargs_for(name, keys)) if keys else reverse(name)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if keys:
                assert _refused(response), f"{method.upper()} {name}: {response}"
            else:
                assert response.status_code < 500, name
            assert MARK not in response.content.decode(), f"{method.upper()} {name} shows it"


def test_a_clerk_of_another_unit_reaches_no_desk_of_this_unit(objects, client, other_clerk):
    from .conftest import sign_in_verified

    sign_in_verified(client, other_clerk)
    for name, keys in appointment_pages().items():
        if not name.startswith("appointments_staff:") or not keys:
            continue
        url = reverse(name, kwargs=objects.kwargs_for(name, keys))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code in {404, 405}, f"{method.upper()} {name}: {response}"
            assert MARK not in response.content.decode()
