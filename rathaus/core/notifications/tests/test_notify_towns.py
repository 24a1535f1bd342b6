"""A notification carries its town: the postbox message is the recipient town's, and the
e-mail links to that town's host and is signed with its name."""

import re

import pytest
from django.core import mail

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.models import TownHost
from rathaus.core.notifications.models import Message
from rathaus.core.notifications.services import absolute_url, notify, send_templated_email
from rathaus.core.tenancy import CrossTownWrite, for_town, scopes_disabled

LINK = re.compile(r"https?://([^/\s:]+)(?::\d+)?(/\S*)")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Mails are sent when a transaction commits: run the commit callbacks at the end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def sent():
    mail.outbox.clear()
    return mail.outbox


def test_notification_in_town_b_links_to_b_and_names_b(other_town, sent, committed):
    with for_town(other_town), committed():
        person = UserFactory(preferred_language="de", email="b@example.org")
        message = notify(recipient=person, template="tests/reply", context={"topic": "Wahl"})
    (mail_b,) = sent
    (link,) = LINK.findall(mail_b.body)
    assert link == ("musterstadt.localhost", f"/postfach/{message.pk}/")
    assert "Stadt Musterstadt" in mail_b.body
    assert "Weiterstadt" not in mail_b.body and "testserver" not in mail_b.body
    assert message.town_id == other_town.pk


def test_notification_in_town_a_links_to_a_and_names_a(town, other_town, sent, committed):
    person = UserFactory(preferred_language="en", email="a@example.org")
    with committed():
        notify(recipient=person, template="tests/reply", context={"topic": "Vote"})
    (mail_a,) = sent
    assert {host for host, _ in LINK.findall(mail_a.body)} == {"testserver"}
    assert "Stadt Weiterstadt" in mail_a.body and "Musterstadt" not in mail_a.body


def test_templated_email_in_town_b_is_signed_by_b(other_town, sent, committed):
    with for_town(other_town), committed():
        send_templated_email(to="neu@example.org", template="tests/reply", context={"topic": "x"})
    assert "Stadt Musterstadt" in sent[0].body


def test_links_use_the_towns_primary_host(other_town):
    TownHost.objects.create(town=other_town, hostname="a-alias.musterstadt.example")
    with for_town(other_town):
        assert LINK.findall(absolute_url("/postfach/"))[0] == (
            "musterstadt.localhost",
            "/postfach/",
        )
    TownHost.objects.filter(hostname="musterstadt.localhost").update(is_primary=False)
    TownHost.objects.filter(hostname="a-alias.musterstadt.example").update(is_primary=True)
    with for_town(other_town):
        assert "://a-alias.musterstadt.example" in absolute_url("/postfach/")


def test_a_recipient_of_another_town_cannot_be_notified_from_here(other_town, sent, committed):
    with for_town(other_town):
        stranger = UserFactory()
    with committed(), pytest.raises(CrossTownWrite):
        notify(recipient=stranger, template="tests/reply", context={"topic": "x"})
    with scopes_disabled():
        assert not Message.objects.filter(recipient=stranger).exists()
    assert sent == []


def test_a_scope_opened_with_the_towns_id_links_and_signs_the_same(other_town, sent, committed):
    with for_town(other_town.pk), committed():
        send_templated_email(to="neu@example.org", template="tests/reply", context={"topic": "x"})
        assert "://musterstadt.localhost" in absolute_url("/postfach/")
    assert "Stadt Musterstadt" in sent[0].body
