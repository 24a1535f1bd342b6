"""Fixtures of the engagement tests.

The content people comment on here is a ``Comment`` itself (it has ``is_hidden``): the
``commentable`` fixture registers it as an open target for the duration of a test and
puts the app's own registration back afterwards.
"""

import re

import pytest
from django.core import mail
from django.test import Client

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.staff.tests.conftest import sign_in_verified

from .. import registry
from ..models import Comment
from .factories import CommentFactory, moderator

LINK = re.compile(r"https?://testserver(?::\d+)?(/\S+)")


def links_in(message) -> list[str]:
    return LINK.findall(message.body)


class Switches:
    """What the test target's registration answers; tests flip these."""

    comments_open = True
    anonymous_allowed = True


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def outbox(django_capture_on_commit_callbacks, monkeypatch):
    """Mails go out when a request's transaction commits, as after a real request."""
    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def switches():
    return Switches()


@pytest.fixture
def commentable(switches):
    """Register ``Comment`` as an open target; the page of one is /testziel/<id>/."""
    original = registry._kinds.get(Comment)
    registry.register_target(
        Comment,
        title=lambda c: f"Ziel {c.text[:20]}",
        url=lambda c: f"/testziel/{c.pk}/",
        comments_open=lambda c: switches.comments_open,
        anonymous_allowed=lambda c: switches.anonymous_allowed,
        text=lambda c: c.text,
        is_public=lambda c: not c.is_withdrawn,
    )
    yield
    registry.unregister_target(Comment)
    if original is not None:
        registry._kinds[Comment] = original


@pytest.fixture
def target(commentable):
    """The content: a stand-alone comment playing a proposal."""
    return CommentFactory(text="Vorschlag: Bäume am Marktplatz")


@pytest.fixture
def citizen():
    return UserFactory(given_name="Erika", family_name="Mustermann")


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


@pytest.fixture
def moderator_user():
    return moderator(given_name="Miriam", family_name="Wolf")


@pytest.fixture
def moderator_client(client, moderator_user):
    sign_in_verified(client, moderator_user)
    return client
