"""Nobody reaches another town's comments, reports, moderation items, blocks or
subscriptions: every page of the ``engagement`` and ``moderation`` namespaces with an
object in its URL, found by walking the URL resolver, is requested on Musterstadt's host
with Weiterstadt's keys; the answer is 404 (405 where a page only takes POST, a sign-in
redirect for visitors), and nothing of the object appears in it."""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rathaus.core.accounts.roles import TOWN_WIDE_ROLES, Role
from rathaus.core.accounts.tests.factories import (
    RoleAssignmentFactory,
    StaffFactory,
    UserFactory,
)
from rathaus.core.tenancy import for_town
from rathaus.core.tests.test_town_isolation import sign_in

from .. import services
from ..targets import address_of
from .factories import CommentFactory

HOST_B = "musterstadt.localhost"
NAMESPACES = ("engagement:", "moderation:")
MARK = "Lindenweg"


def engagement_pages(resolver=None, namespace="") -> dict[str, set[str]]:
    pages = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            pages |= engagement_pages(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and namespace in NAMESPACES:
            pages[namespace + pattern.name] = set(pattern.pattern.regex.groupindex)
    return pages


class Objects:
    """Weiterstadt's content with a reported comment, a block and a subscription."""

    def __init__(self, moderator_user):
        self.target = CommentFactory(text=f"Vorschlag {MARK}")
        self.author = UserFactory(given_name="Bernd", family_name=MARK)
        self.comment = CommentFactory(
            on=self.target, author=self.author, show_name=True, text=f"Kommentar {MARK}"
        )
        services.flag_content(
            target=self.comment, reason="spam", details=f"Meldung {MARK}", key="k"
        )
        self.item = services.hide(actor=moderator_user, target=self.comment, reason=f"Grund {MARK}")
        services.unhide(actor=moderator_user, target=self.comment, reason=f"Grund {MARK}")
        self.block = services.block_user(
            actor=moderator_user, user=self.author, reason=f"Sperre {MARK}"
        )
        self.follow = services.follow(target=self.target, email="lindenweg@example.org")

    def kwargs_for(self, name: str, keys: set[str]) -> dict:
        type_id, object_id = address_of(self.comment)
        values = {
            "type_id": type_id,
            "object_id": object_id,
            "comment_id": self.comment.pk,
            "token": services.unsubscribe_token(self.follow),
            "pk": self.block.pk if name == "moderation:unblock" else self.item.pk,
        }
        return {key: values[key] for key in keys}


@pytest.fixture
def objects(commentable, moderator_user):
    return Objects(moderator_user)


def object_pages(objects) -> dict[str, dict]:
    return {
        name: objects.kwargs_for(name, keys) for name, keys in engagement_pages().items() if keys
    }


@pytest.fixture
def everybody_of_b(other_town):
    with for_town(other_town):
        staff = StaffFactory(email="amt@musterstadt.example")
        for role in TOWN_WIDE_ROLES - {Role.PROVIDER_ADMINISTRATOR}:
            RoleAssignmentFactory(user=staff, role=role, unit=None)
    return sign_in(Client(HTTP_HOST=HOST_B), staff, verified=True)


@pytest.fixture
def citizen_of_b(other_town):
    with for_town(other_town):
        citizen = UserFactory(email="buerger@musterstadt.example")
    return sign_in(Client(HTTP_HOST=HOST_B), citizen)


def _assert_refused(client, url: str, where: str) -> None:
    for method in ("get", "post"):
        response = getattr(client, method)(url)
        assert response.status_code in {302, 404, 405}, f"{method.upper()} {where}: {response}"
        if response.status_code == 302:
            assert "/anmelden/" in response["Location"], f"{where}: {response['Location']}"
        assert MARK not in response.content.decode(errors="replace"), f"{where} shows it"


def test_every_page_with_an_object_is_in_the_catalogue(objects):
    pages = object_pages(objects)
    assert {"engagement:comment", "engagement:flag", "engagement:unsubscribe"} <= set(pages)
    assert {"moderation:item", "moderation:hide", "moderation:unblock"} <= set(pages)
    for name, kwargs in pages.items():
        reverse(name, kwargs=kwargs)


def test_the_same_keys_open_in_their_own_town(objects, moderator_client):
    response = moderator_client.get(reverse("moderation:item", args=[objects.item.pk]))
    assert response.status_code == 200 and MARK in response.content.decode()
    response = Client().get(reverse("engagement:flag", args=address_of(objects.comment)))
    assert response.status_code == 200 and MARK in response.content.decode()


def test_staff_of_another_town_with_every_role_get_404(objects, everybody_of_b):
    for name, kwargs in object_pages(objects).items():
        _assert_refused(everybody_of_b, reverse(name, kwargs=kwargs), f"{name} from town B")


def test_citizens_and_visitors_of_another_town_get_404(objects, citizen_of_b):
    visitor = Client(HTTP_HOST=HOST_B)
    for name, kwargs in object_pages(objects).items():
        url = reverse(name, kwargs=kwargs)
        _assert_refused(citizen_of_b, url, f"{name} as a citizen of town B")
        _assert_refused(visitor, url, f"{name} as a visitor of town B")


def test_a_citizen_of_the_same_town_gets_404_in_the_moderation_area(objects, citizen_client):
    for name, kwargs in object_pages(objects).items():
        if name.startswith("moderation:"):
            _assert_refused(citizen_client, reverse(name, kwargs=kwargs), name)
