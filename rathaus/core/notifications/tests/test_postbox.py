"""The postbox pages: own messages only, unread marked, reading marks as read."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from rathaus.core.accounts.tests.factories import UserFactory
from rathaus.core.notifications.models import Message
from rathaus.core.notifications.views import PAGE_SIZE

BACKEND = "rathaus.core.accounts.backends.EmailBackend"


def make_message(recipient, subject="Ihr Antrag", read=False, **fields) -> Message:
    return Message.objects.create(
        recipient=recipient,
        subject=subject,
        body=fields.pop("body", "Der Antrag ist eingegangen."),
        read_at=timezone.now() if read else None,
        **fields,
    )


@pytest.fixture
def person(client):
    user = UserFactory()
    client.force_login(user, backend=BACKEND)
    return user


def test_postbox_needs_sign_in(client):
    response = client.get(reverse("notifications:postbox"))
    assert response.status_code == 302
    assert "/konto/" in response["Location"]


def test_postbox_lists_own_messages_and_marks_unread(client, person):
    make_message(person, "Neuer Bescheid")
    make_message(person, "Alte Nachricht", read=True)
    make_message(UserFactory(), "Fremde Nachricht")
    response = client.get(reverse("notifications:postbox"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Neuer Bescheid" in page and "Alte Nachricht" in page
    assert "Fremde Nachricht" not in page
    assert page.count("Ungelesen") == 1
    assert "1 ungelesene Nachricht" in page


def test_empty_postbox_says_so(client, person):
    response = client.get(reverse("notifications:postbox"))
    assert "Ihr Postfach ist leer" in response.content.decode()


def count_queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params).status_code == 200
    return len(queries)


def test_postbox_is_paginated_with_a_constant_number_of_queries(client, person):
    url = reverse("notifications:postbox")
    make_message(person, "Nachricht A")
    few = count_queries(client, url)
    for n in range(PAGE_SIZE + 5):
        make_message(person, f"Nachricht {n:02d}")
    assert count_queries(client, url) == few
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert first.count("rh-postbox__unread") == PAGE_SIZE
    assert second.count("rh-postbox__unread") == 6
    assert "Nachricht A" in second


def test_opening_a_message_shows_it_and_marks_it_read(client, person):
    message = make_message(
        person, "Termin bestätigt", body="Am 3. Mai um 10 Uhr.", link="/termine/"
    )
    response = client.get(message.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "Termin bestätigt" in page and "Am 3. Mai um 10 Uhr." in page
    assert 'href="/termine/"' in page
    message.refresh_from_db()
    assert message.read_at is not None
    assert response["Cache-Control"].count("no-store") == 1


def test_message_of_someone_else_is_not_found(client, person):
    other = make_message(UserFactory(), "Fremd")
    response = client.get(other.get_absolute_url())
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.read_at is None


def test_message_body_is_escaped(client, person):
    message = make_message(person, "<b>Betreff</b>", body="<script>alert(1)</script>")
    page = client.get(message.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


def test_unread_count_is_available_to_templates(rf, person):
    from rathaus.core.notifications.context_processors import postbox

    make_message(person)
    make_message(person, read=True)
    request = rf.get("/")
    request.user = person
    assert int(str(postbox(request)["postbox_unread_count"])) == 1


def test_navigation_shows_how_many_messages_are_unread(client, person):
    make_message(person, "Neuer Bescheid")
    make_message(person, "Noch ein Bescheid")
    page = client.get(reverse("core:home")).content.decode()
    assert "2 ungelesen" in page
