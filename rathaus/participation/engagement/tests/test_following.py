"""Following: updates by e-mail, opt-in, each with a working one-click unsubscribe."""

import re

from django.urls import reverse

from rathaus.core.accounts.tests.factories import UserFactory

from .. import services
from ..models import Follow
from ..targets import address_of
from .conftest import links_in

UNSUBSCRIBE = re.compile(r"/mitreden/abbestellen/[^/\s]+/")


def follow_url(obj):
    return reverse("engagement:follow", args=address_of(obj))


def test_following_needs_an_account(target, client):
    response = client.post(follow_url(target))
    assert response.status_code == 302 and "/anmelden/" in response["Location"]
    assert not Follow.objects.exists()


def test_follow_and_unfollow_come_back_to_the_page(target, citizen_client, citizen):
    response = citizen_client.post(follow_url(target), {"next": "/testziel/x/?seite=2"})
    assert response["Location"] == "/testziel/x/?seite=2"
    citizen_client.post(follow_url(target))
    assert Follow.objects.of(target).get().user == citizen
    response = citizen_client.post(
        reverse("engagement:unfollow", args=address_of(target)), {"next": "https://evil.example/"}
    )
    assert response["Location"] == f"/testziel/{target.pk}/"
    assert not Follow.objects.exists()


def test_followers_get_a_mail_about_new_comments_but_not_about_their_own(
    target, citizen_client, citizen, client, outbox
):
    follower = UserFactory(email="folgt@example.org")
    services.follow(target=target, user=follower)
    services.follow(target=target, user=citizen)
    citizen_client.post(
        reverse("engagement:comment", args=address_of(target)), {"text": "Neuer Gedanke"}
    )
    assert [m.to for m in outbox] == [["folgt@example.org"]]
    assert "Neuer Gedanke" in outbox[0].body


def test_the_unsubscribe_link_in_the_mail_works_with_one_click(
    target, citizen_client, client, outbox
):
    follower = UserFactory(email="folgt@example.org")
    services.follow(target=target, user=follower)
    citizen_client.post(
        reverse("engagement:comment", args=address_of(target)), {"text": "Neuer Gedanke"}
    )
    link = next(path for path in links_in(outbox[0]) if UNSUBSCRIBE.match(path))
    assert outbox[0].body.index(link) > outbox[0].body.index("Neuer Gedanke")
    page = client.get(link)
    assert page.status_code == 200 and 'method="post"' in page.content.decode()
    assert Follow.objects.exists()
    response = client.post(link)
    assert response.status_code == 200
    assert "no more e-mails" in response.content.decode()
    assert not Follow.objects.exists()
    assert client.post(link).status_code == 404


def test_mail_programs_can_unsubscribe_without_a_csrf_token(target):
    from django.test import Client

    row = services.follow(target=target, email="ohne.konto@example.org")
    url = reverse("engagement:unsubscribe", args=[services.unsubscribe_token(row)])
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Follow.objects.exists()


def test_a_forged_unsubscribe_link_is_refused(target, client):
    services.follow(target=target, email="ohne.konto@example.org")
    response = client.post(reverse("engagement:unsubscribe", args=["gefälscht:abc"]))
    assert response.status_code == 404
    assert Follow.objects.exists()


def test_followers_without_an_account_get_mails_with_the_link(target, citizen_client, outbox):
    services.follow(target=target, email="ohne.konto@example.org")
    citizen_client.post(reverse("engagement:comment", args=address_of(target)), {"text": "Update"})
    assert [m.to for m in outbox] == [["ohne.konto@example.org"]]
    assert UNSUBSCRIBE.search(outbox[0].body)
