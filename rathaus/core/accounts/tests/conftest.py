"""Fixtures of the accounts tests."""

import re

import pytest
from django.core import mail
from django.test import Client

LINK = re.compile(r"https?://testserver(/\S+)")


def links_in(message) -> list[str]:
    """The site paths linked from an e-mail's body."""
    return LINK.findall(message.body)


@pytest.fixture
def outbox(monkeypatch, django_capture_on_commit_callbacks):
    """The sent e-mails. Mail goes out when a transaction commits; tests run inside
    one, so each test-client request runs its commit callbacks when it ends, as the
    end of a real request would."""
    original = Client.request

    def request(self, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return original(self, **kwargs)

    monkeypatch.setattr(Client, "request", request)
    mail.outbox.clear()
    return mail.outbox


@pytest.fixture
def english(settings):
    """Pages in English, so tests read like the msgids (modules opt in with
    ``pytestmark = pytest.mark.usefixtures("english")``)."""
    settings.LANGUAGE_CODE = "en"
