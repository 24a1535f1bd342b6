"""Commenting and replying through the pages: success goes back to the comment, every
problem is shown on a page that keeps the text."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from rathaus.core.accounts.models import User
from rathaus.core.accounts.tests.factories import StaffFactory, UserFactory

from .. import views
from ..models import Block, Comment
from ..targets import address_of
from .factories import CommentFactory


def comment_url(target):
    return reverse("engagement:comment", args=address_of(target))


def comments_on(target):
    return Comment.objects.on(target)


def test_a_comment_is_published_and_the_page_jumps_to_it(target, citizen_client, citizen):
    response = citizen_client.post(
        comment_url(target), {"text": "Mehr Schatten am Brunnen", "show_name": "on"}
    )
    created = comments_on(target).get()
    assert response.status_code == 302
    assert response["Location"] == f"/testziel/{target.pk}/#comment-{created.pk}"
    assert created.author == citizen and created.show_name and created.depth == 0
    assert not created.is_official


def test_a_reply_hangs_under_its_comment(target, citizen_client):
    first = CommentFactory(on=target)
    citizen_client.post(comment_url(target), {"text": "Stimme zu", "parent": str(first.pk)})
    answer = comments_on(target).get(parent=first)
    assert answer.depth == 1 and answer.text == "Stimme zu"


def test_the_author_of_the_comment_replied_to_gets_a_mail(target, citizen_client, outbox):
    first = CommentFactory(on=target, author=UserFactory(email="ursula@example.org"))
    citizen_client.post(comment_url(target), {"text": "Gute Idee", "parent": str(first.pk)})
    assert [m.to for m in outbox] == [["ursula@example.org"]]
    assert "geantwortet" in outbox[0].subject  # in the recipient's language
    assert "Gute Idee" in outbox[0].body


def test_a_reply_to_a_comment_of_other_content_is_404(target, citizen_client):
    elsewhere = CommentFactory(on=CommentFactory())
    response = citizen_client.post(
        comment_url(target), {"text": "Hallo", "parent": str(elsewhere.pk)}
    )
    assert response.status_code == 404
    assert not comments_on(target).exists()


def test_staff_comments_are_official(target, client):
    client.force_login(StaffFactory())
    client.post(comment_url(target), {"text": "Die Verwaltung prüft das."})
    assert comments_on(target).get().is_official


@pytest.mark.parametrize(
    ("text", "message"),
    [("", "Please write a comment."), ("   \n  ", "Please write a comment.")],
)
def test_an_empty_comment_is_refused(target, citizen_client, text, message):
    response = citizen_client.post(comment_url(target), {"text": text})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not comments_on(target).exists()


def test_a_too_long_comment_is_refused_and_the_text_kept(target, citizen_client):
    text = "Lang " * 1001
    response = citizen_client.post(comment_url(target), {"text": text})
    page = response.content.decode()
    assert response.status_code == 400
    assert "at most 5,000 characters" in page
    assert text.strip()[:200] in page
    assert not comments_on(target).exists()


def test_html_in_a_comment_is_stored_as_text_and_escaped(target, citizen_client, client):
    citizen_client.post(comment_url(target), {"text": "<script>alert(1)</script>"})
    assert comments_on(target).get().text == "<script>alert(1)</script>"


def test_the_error_page_escapes_the_kept_text(target, citizen_client):
    response = citizen_client.post(
        comment_url(target), {"text": "<img src=x onerror=alert(1)>" + "x" * 5000}
    )
    page = response.content.decode()
    assert "<img src=x" not in page and "&lt;img src=x" in page


def test_visitors_without_an_account_cannot_comment(target, client):
    response = client.post(comment_url(target), {"text": "Anonymer Versuch"})
    assert response.status_code == 400
    assert "Please sign in to comment." in response.content.decode()
    assert "Anonymer Versuch" in response.content.decode()
    assert not comments_on(target).exists()


def test_blocked_people_cannot_comment(target, citizen_client, citizen, moderator_user):
    Block.objects.create(user=citizen, reason="Beleidigungen", blocked_by=moderator_user)
    response = citizen_client.post(comment_url(target), {"text": "Trotzdem"})
    assert response.status_code == 400
    assert "blocked from contributing" in response.content.decode()
    assert "Trotzdem" in response.content.decode()
    assert not comments_on(target).exists()


def test_a_lifted_block_lets_people_comment_again(target, citizen_client, citizen):
    from django.utils import timezone

    Block.objects.create(user=citizen, reason="x", lifted_at=timezone.now())
    assert citizen_client.post(comment_url(target), {"text": "Wieder da"}).status_code == 302


def test_closed_comments_refuse_new_ones(target, citizen_client, switches):
    switches.comments_open = False
    response = citizen_client.post(comment_url(target), {"text": "Zu spät"})
    assert response.status_code == 400
    assert "Comments are not open here" in response.content.decode()


def test_where_anonymity_is_off_the_name_is_always_shown(target, citizen_client, switches):
    switches.anonymous_allowed = False
    citizen_client.post(comment_url(target), {"text": "Mit Namen"})
    assert comments_on(target).get().show_name is True


def test_an_unknown_target_type_is_404(target, citizen_client, citizen):
    user_type = ContentType.objects.get_for_model(User)
    for url in (
        reverse("engagement:comment", args=[user_type.pk, str(citizen.pk)]),
        reverse("engagement:comment", args=[999999, str(target.pk)]),
        reverse("engagement:comment", args=[address_of(target)[0], "keine-uuid"]),
        reverse("engagement:flag", args=[user_type.pk, str(citizen.pk)]),
        reverse("engagement:follow", args=[user_type.pk, str(citizen.pk)]),
    ):
        assert citizen_client.post(url, {"text": "x", "reason": "spam"}).status_code == 404


def test_hidden_content_takes_no_comments(target, citizen_client):
    target.is_hidden = True
    target.save()
    response = citizen_client.post(comment_url(target), {"text": "Hallo"})
    assert response.status_code == 404


def test_get_is_not_allowed(target, citizen_client):
    assert citizen_client.get(comment_url(target)).status_code == 405


def test_commenting_is_rate_limited(target, citizen_client, monkeypatch):
    monkeypatch.setattr(views, "COMMENT_LIMIT", (2, 600))
    for number in range(2):
        assert citizen_client.post(comment_url(target), {"text": f"Nr {number}"}).status_code == 302
    response = citizen_client.post(comment_url(target), {"text": "Nr 3"})
    assert response.status_code == 400
    assert "too often" in response.content.decode()
    assert comments_on(target).count() == 2


def test_people_withdraw_their_own_comment_and_replies_stay(target, citizen_client, citizen):
    own = CommentFactory(on=target, author=citizen, text="Nehme ich zurück")
    answer = CommentFactory(target_id=own.target_id, parent=own, depth=1)
    url = reverse("engagement:withdraw", args=[own.pk])
    assert "Nehme ich zurück" in citizen_client.get(url).content.decode()
    response = citizen_client.post(url)
    assert response["Location"] == f"/testziel/{target.pk}/#comment-{own.pk}"
    own.refresh_from_db()
    assert own.is_withdrawn and own.text == ""
    assert Comment.objects.filter(pk=answer.pk).exists()


def test_nobody_withdraws_another_persons_comment(target, citizen_client):
    other = CommentFactory(on=target, text="Fremd")
    url = reverse("engagement:withdraw", args=[other.pk])
    assert citizen_client.get(url).status_code == 404
    assert citizen_client.post(url).status_code == 404
    other.refresh_from_db()
    assert not other.is_withdrawn


def test_a_reply_to_a_hidden_comment_is_refused_and_the_text_kept(target, citizen_client):
    hidden = CommentFactory(on=target, is_hidden=True)
    response = citizen_client.post(
        comment_url(target), {"text": "Meine Antwort", "parent": str(hidden.pk)}
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "no longer available" in page and "Meine Antwort" in page
    assert not Comment.objects.filter(parent=hidden).exists()
