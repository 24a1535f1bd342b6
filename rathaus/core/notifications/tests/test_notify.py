"""notify() puts a message into the postbox and mails it in the recipient's language."""

import socket
import time
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.core import mail

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.notifications.exceptions import UnsafeLink
from rathaus.core.notifications.models import Message
from rathaus.core.notifications.services import notify, send_templated_email


def test_notify_stores_a_postbox_message(django_capture_on_commit_callbacks):
    person = UserFactory(given_name="Jana")
    with django_capture_on_commit_callbacks(execute=True):
        message = notify(
            recipient=person,
            template="tests/reply",
            context={"topic": "Sperrmüll"},
            link="/antraege/1/",
        )
    stored = Message.objects.get(pk=message.pk)
    assert stored.recipient == person
    assert stored.subject == "Postfach: Sperrmüll"
    assert stored.body == "Jana & Sperrmüll"  # plain text: not HTML-escaped
    assert stored.link == "/antraege/1/"
    assert stored.is_unread


def test_e_mail_is_in_german_for_a_german_speaking_recipient(django_capture_on_commit_callbacks):
    person = UserFactory(preferred_language="de", email="de@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        message = notify(recipient=person, template="tests/reply", context={"topic": "Wahl"})
    (sent,) = mail.outbox
    assert sent.to == ["de@example.org"]
    assert sent.subject == "Postfach: Wahl"
    assert sent.body.startswith("Guten Tag,")
    assert "in Ihrem Postfach" in sent.body
    assert f"/postfach/{message.pk}/" in sent.body
    assert sent.extra_headers["Auto-Submitted"] == "auto-generated"


def test_e_mail_is_in_english_for_an_english_speaking_recipient(
    django_capture_on_commit_callbacks,
):
    person = UserFactory(preferred_language="en", email="en@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=person, template="tests/reply", context={"topic": "Election"})
    (sent,) = mail.outbox
    assert sent.subject == "Postbox: Election"
    assert sent.body.startswith("Hello,")
    assert "in your postbox" in sent.body


def test_no_e_mail_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    person = UserFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notify(recipient=person, template="tests/reply", context={"topic": "x"})
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_email_can_be_switched_off_and_inactive_accounts_get_none(
    django_capture_on_commit_callbacks,
):
    person = UserFactory()
    inactive = UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=person, template="tests/reply", context={"topic": "x"}, email=False)
        notify(recipient=inactive, template="tests/reply", context={"topic": "x"})
    assert mail.outbox == []
    assert Message.objects.count() == 2


def test_an_unconfirmed_address_gets_no_e_mail_but_the_postbox_keeps_the_message(
    django_capture_on_commit_callbacks,
):
    person = UserFactory(email_confirmed_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=person, template="tests/reply", context={"topic": "x"})
    assert mail.outbox == []
    assert Message.objects.filter(recipient=person).count() == 1


@pytest.mark.parametrize("link", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_links_must_stay_on_the_site(link):
    with pytest.raises(UnsafeLink):
        notify(recipient=UserFactory(), template="tests/reply", context={}, link=link)


def test_templated_email_goes_to_an_address_without_a_postbox(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_email(
            to="neu@example.org", template="tests/reply", context={"topic": "Bestätigung"}
        )
    (sent,) = mail.outbox
    assert sent.to == ["neu@example.org"]
    assert sent.subject == "Postfach: Bestätigung"
    assert Message.objects.count() == 0


class Inbox:
    """An aiosmtpd handler that keeps what it receives."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    yield inbox
    controller.stop()


def test_notification_arrives_at_a_real_smtp_server(
    smtp_server, django_capture_on_commit_callbacks
):
    person = UserFactory(preferred_language="de", email="empfang@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipient=person, template="tests/reply", context={"topic": "Hundesteuer"})
    deadline = time.monotonic() + 5
    while not smtp_server.envelopes and time.monotonic() < deadline:
        time.sleep(0.01)
    (envelope,) = smtp_server.envelopes
    assert envelope.rcpt_tos == ["empfang@example.org"]
    received = message_from_bytes(envelope.content, policy=policy.default)
    assert received["Subject"] == "Postfach: Hundesteuer"
    assert received["To"] == "empfang@example.org"
    assert "Guten Tag," in received.get_content()
