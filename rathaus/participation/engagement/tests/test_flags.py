"""Reporting content: anyone may report, once each; at the town's threshold the content
is hidden until review and the moderators are alerted."""

from django.test import Client
from django.urls import reverse

from rathaus.core.accounts.tests.factories import UserFactory

from .. import services, views
from ..models import Flag, ModeratedItem, ModerationLogEntry
from ..targets import address_of
from .factories import CommentFactory


def flag_url(obj):
    return reverse("engagement:flag", args=address_of(obj))


def report(client, obj, reason="offensive", details=""):
    return client.post(flag_url(obj), {"reason": reason, "details": details})


def test_the_report_page_offers_reasons_as_a_radio_group(target, client):
    comment = CommentFactory(on=target, text="Das ist gemein")
    page = client.get(flag_url(comment)).content.decode()
    assert "<fieldset" in page and "<legend" in page and 'type="radio"' in page
    assert "Das ist gemein" in page


def test_a_visitor_without_an_account_can_report(target, client):
    comment = CommentFactory(on=target)
    response = report(client, comment, details="Beleidigt Anwohner")
    assert response.status_code == 200
    assert "Thank you for your report" in response.content.decode()
    flag = Flag.objects.get()
    assert flag.reporter is None and flag.details == "Beleidigt Anwohner"
    assert flag.reporter_key and len(flag.reporter_key) == 64


def test_one_person_reports_the_same_content_once(target, client):
    comment = CommentFactory(on=target)
    report(client, comment)
    response = report(client, comment)
    assert response.status_code == 400
    assert "already reported" in response.content.decode()
    assert Flag.objects.count() == 1
    assert ModeratedItem.objects.get().report_count == 1


def test_a_reason_is_needed(target, client):
    comment = CommentFactory(on=target)
    response = client.post(flag_url(comment), {"reason": "", "details": "x"})
    assert response.status_code == 400
    assert "Select a reason." in response.content.decode()
    response = client.post(flag_url(comment), {"reason": "erfunden"})
    assert response.status_code == 400
    assert not Flag.objects.exists()


def test_too_long_details_are_refused(target, client):
    comment = CommentFactory(on=target)
    response = report(client, comment, details="x" * 1001)
    assert response.status_code == 400
    assert not Flag.objects.exists()


def test_at_the_threshold_content_is_hidden_and_moderators_alerted(target, moderator_user, outbox):
    services.update_settings(actor=moderator_user, report_threshold=2)
    comment = CommentFactory(on=target, text="Hetze gegen Nachbarn")
    report(Client(), comment)
    comment.refresh_from_db()
    assert not comment.is_hidden and outbox == []
    signed_in = Client()
    signed_in.force_login(UserFactory())
    report(signed_in, comment, reason="illegal")
    comment.refresh_from_db()
    item = ModeratedItem.objects.get()
    assert comment.is_hidden and item.is_auto_hidden and item.report_count == 2
    assert item.state == ModeratedItem.State.PENDING
    assert ModerationLogEntry.objects.get().action == ModerationLogEntry.Action.AUTO_HIDDEN
    assert [m.to for m in outbox] == [[moderator_user.email]]
    assert "Hetze gegen Nachbarn" in outbox[0].body
    assert reverse("moderation:item", args=[item.pk]) in outbox[0].body


def test_hidden_content_cannot_be_reported_any_more(target, client):
    comment = CommentFactory(on=target, is_hidden=True)
    assert client.get(flag_url(comment)).status_code == 404


def test_reporting_is_rate_limited(target, client, monkeypatch):
    monkeypatch.setattr(views, "FLAG_LIMIT", (2, 3600))
    comments = [CommentFactory(on=target) for _ in range(3)]
    assert report(client, comments[0]).status_code == 200
    assert report(client, comments[1]).status_code == 200
    response = report(client, comments[2])
    assert response.status_code == 400 and "too often" in response.content.decode()
    assert Flag.objects.count() == 2


def test_the_content_itself_can_be_reported(target, client):
    assert report(client, target, reason="spam").status_code == 200
    assert Flag.objects.get().target == target


def test_blocked_people_cannot_report(target, citizen_client, citizen, moderator_user):
    services.block_user(actor=moderator_user, user=citizen, reason="Missbrauch der Meldungen")
    response = report(citizen_client, CommentFactory(on=target))
    assert response.status_code == 400
    assert "blocked from contributing" in response.content.decode()
    assert not Flag.objects.exists()


def test_a_comment_is_public_only_while_its_content_is(target):
    from ..apps import _comment_public, _comment_url

    comment = CommentFactory(on=target)
    assert _comment_public(comment)
    assert _comment_url(comment) == f"/testziel/{target.pk}/#comment-{comment.pk}"
    target.is_hidden = True
    target.save()
    comment.refresh_from_db()
    assert not _comment_public(comment)
    comment.is_withdrawn = True
    assert not _comment_public(comment)


def test_comments_are_registered_for_reports_but_take_no_comments(db):
    from ..registry import kind_of

    comment = CommentFactory()
    kind = kind_of(comment)
    assert not kind.comments_open(comment)
    assert kind.text(comment) == comment.text
