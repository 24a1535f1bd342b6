"""Nobody reaches a petition they may not see: not anybody on another town's host, not a
clerk of another unit, not another citizen. Every page of the ``petitions`` and
``petitions_staff`` namespaces with an object in its URL is requested with the key of one
object of town A; the answer is 404 (or 405 where a page only takes POST, or a redirect to
sign in), and nothing of the object appears in it."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rathaus.core.accounts.roles import TOWN_WIDE_ROLES, Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UnitFactory,
    UserFactory,
)
from rathaus.core.tenancy import for_town
from rathaus.core.tests.test_town_isolation import sign_in

from .factories import AddresseeFactory, PetitionFactory

HOST_B = "musterstadt.localhost"
NAMESPACES = ("petitions:", "petitions_staff:")
MARK = "Lindenweg"


@pytest.fixture
def objects(citizen, order_addressee):
    from rathaus.core.uploads.services import store_upload

    from .conftest import pdf_upload

    addressee = AddresseeFactory(name="Ausschuss Nord", unit=order_addressee.unit)
    petition = PetitionFactory(
        addressee=addressee,
        submitter=citizen,
        subject=f"Bänke am {MARK}",
        text=f"Am {MARK} fehlen Bänke.",
        reference="E-2026-0777",
        attachment=store_upload(uploaded_file=pdf_upload(f"{MARK}.pdf"), kinds={"pdf"}),
        answer_letter=store_upload(uploaded_file=pdf_upload(f"antwort-{MARK}.pdf"), kinds={"pdf"}),
    )
    return {"petition": petition, "addressee": addressee}


def pages(resolver=None, namespace="") -> dict[str, set[str]]:
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found |= pages(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            found[namespace + pattern.name] = set(pattern.pattern.regex.groupindex)
    return found


def object_pages(objects) -> dict[str, dict]:
    result = {}
    for name, keys in pages().items():
        if not keys:
            continue
        target = objects["addressee"] if "addressee" in name else objects["petition"]
        result[name] = {"pk": target.pk}
    return result


def _text(response) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def _assert_refused(client, url: str, where: str) -> None:
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in {302, 404, 405}, f"{method.upper()} {where}: {response}"
        if response.status_code == 302:
            assert (
                "/anmelden/" in response["Location"] or "/zwei-faktor/" in response["Location"]
            ), f"{method.upper()} {where} redirects to {response['Location']}"
        assert MARK not in _text(response), f"{method.upper()} {where} shows the object"


def test_every_page_with_an_object_is_in_the_catalogue(objects):
    found = object_pages(objects)
    assert len(found) >= 13
    for name, kwargs in found.items():
        reverse(name, kwargs=kwargs)


@pytest.fixture
def everybody_of_b(other_town):
    """Musterstadt's member of staff holding every role, signed in on Musterstadt's host."""
    with for_town(other_town):
        staff = StaffFactory(email="amt@musterstadt.example")
        unit = UnitFactory(name="Ordnungsamt", code="32")
        for role in TOWN_WIDE_ROLES - {Role.PROVIDER_ADMINISTRATOR}:
            RoleAssignmentFactory(user=staff, role=role, unit=None)
        for role in (Role.CLERK, Role.UNIT_LEAD):
            RoleAssignmentFactory(user=staff, role=role, unit=unit)
    return sign_in(Client(HTTP_HOST=HOST_B), staff, verified=True)


def test_anybody_of_another_town_gets_404_for_every_object(objects, everybody_of_b):
    for name, kwargs in object_pages(objects).items():
        _assert_refused(everybody_of_b, reverse(name, kwargs=kwargs), f"{name} from town B")


def test_a_citizen_of_another_town_gets_404(objects, other_town):
    with for_town(other_town):
        citizen_b = UserFactory(email="buerger@musterstadt.example")
    client = sign_in(Client(HTTP_HOST=HOST_B), citizen_b)
    for name, kwargs in object_pages(objects).items():
        if name.startswith("petitions:"):
            _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} as citizen of B")
    assert MARK not in _text(client.get("/eingaben/meine/"))


def test_another_citizen_gets_404_for_the_submitters_pages(objects, client):
    client.force_login(UserFactory())
    for name, kwargs in object_pages(objects).items():
        if name.startswith("petitions:"):
            _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} as another citizen")
    assert MARK not in _text(client.get("/eingaben/meine/"))


def test_a_clerk_of_another_unit_gets_404(objects, client):
    stranger = StaffFactory()
    unit = UnitFactory(code="60", name="Bauamt")
    for role in (Role.CLERK, Role.UNIT_LEAD):
        RoleAssignmentFactory(user=stranger, role=role, unit=unit)
    sign_in(client, stranger, verified=True)
    for name, kwargs in object_pages(objects).items():
        _assert_refused(client, reverse(name, kwargs=kwargs), f"{name} as another unit")
    assert MARK not in _text(client.get("/staff/eingaben/?status=alle"))


def test_the_same_ids_open_for_the_people_they_belong_to(objects, citizen, clerk):
    owner = Client()
    owner.force_login(citizen)
    petition = objects["petition"]
    for name in ("petitions:detail", "petitions:attachment", "petitions:answer_letter"):
        response = owner.get(reverse(name, args=[petition.pk]))
        assert response.status_code == 200, name
    staff = sign_in(Client(), clerk, verified=True)
    assert MARK in _text(staff.get(reverse("petitions_staff:detail", args=[petition.pk])))
    assert staff.get(reverse("petitions_staff:attachment", args=[petition.pk])).status_code == 200
