"""The comment thread tag: nesting, names, placeholders, the form or the reason why not,
and a constant number of queries however long the discussion is."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from rathaus.core.accounts.tests.factories import StaffFactory, UserFactory

from .. import services
from ..models import Block
from ..targets import address_of
from .factories import CommentFactory

THREAD = Template("{% load engagement %}{% comment_thread obj %}")


def render(template, obj, user=None, path="/testziel/", query=""):
    request = RequestFactory().get(f"{path}{'?' + query if query else ''}")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    return template.render(RequestContext(request, {"obj": obj}))


class ListDepth(HTMLParser):
    """The deepest nesting of <ol> lists in a piece of HTML."""

    def __init__(self):
        super().__init__()
        self.depth = self.deepest = 0

    def handle_starttag(self, tag, attrs):
        if tag == "ol":
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag):
        if tag == "ol":
            self.depth -= 1


def list_depth(html: str) -> int:
    parser = ListDepth()
    parser.feed(html)
    return parser.deepest


def reply(parent, **kwargs):
    return CommentFactory(
        target_id=parent.target_id, parent=parent, depth=parent.depth + 1, **kwargs
    )


def test_replies_are_nested_lists_under_their_comment(target):
    first = CommentFactory(on=target, text="Mehr Bänke bitte")
    answer = reply(first, text="Und Schatten")
    reply(answer, text="Genau, Bäume")
    html = render(THREAD, target)
    assert list_depth(html) == 3
    assert html.index("Mehr Bänke bitte") < html.index("Und Schatten") < html.index("Genau")
    assert f'id="comment-{answer.pk}"' in html
    assert "3 comments" in html


def test_deep_replies_stop_nesting_at_four_levels_and_say_whom_they_answer(target):
    comment = CommentFactory(on=target, show_name=True)
    chain = [comment]
    for _ in range(6):
        chain.append(reply(chain[-1], show_name=True))
    html = render(THREAD, target)
    assert list_depth(html) == 4
    assert f"in reply to {chain[4].author.get_full_name()}" in html


def test_thread_needs_the_same_queries_for_three_and_for_thirty_comments(target, citizen):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            render(THREAD, target, user=citizen)
        return len(queries)

    parent = CommentFactory(on=target)
    reply(parent)
    CommentFactory(on=target)
    few = count_queries()
    for _ in range(9):
        top = CommentFactory(on=target, show_name=True)
        reply(reply(top), show_name=True)
    assert count_queries() == few
    assert few <= 3


def test_the_name_is_shown_only_when_the_author_chose_it(target):
    shown = UserFactory(given_name="Petra", family_name="Offen")
    hidden = UserFactory(given_name="Karl", family_name="Verborgen")
    CommentFactory(on=target, author=shown, show_name=True)
    CommentFactory(on=target, author=hidden, show_name=False)
    html = render(THREAD, target)
    assert "Petra Offen" in html
    assert "Verborgen" not in html
    assert "Anonymous" in html


def test_a_hidden_comment_leaves_a_placeholder_and_keeps_its_replies(target):
    hidden = CommentFactory(on=target, text="Beleidigung XYZ", is_hidden=True)
    reply(hidden, text="Antwort bleibt sichtbar")
    withdrawn = CommentFactory(on=target, text="Zurückgezogen ABC", is_withdrawn=True)
    with translation.override("de"):
        html = render(THREAD, target)
    assert "Dieser Beitrag wurde von der Moderation ausgeblendet." in html
    assert "Beleidigung XYZ" not in html
    assert "Antwort bleibt sichtbar" in html
    assert "Zurückgezogen ABC" not in html
    assert f'id="comment-{withdrawn.pk}"' in html
    assert "zurückgezogen" in html


def test_staff_comments_carry_the_official_badge(target):
    CommentFactory(on=target, author=StaffFactory(), is_official=True, text="Amtlich")
    assert "Official" in render(THREAD, target)


def test_user_text_is_escaped(target):
    CommentFactory(on=target, text='<script>alert("x")</script><b>fett</b>')
    html = render(THREAD, target)
    assert "<script>alert" not in html and "<b>fett" not in html
    assert "&lt;script&gt;" in html


def test_visitors_get_a_sign_in_link_that_comes_back(target):
    html = render(THREAD, target, path="/testziel/")
    assert "<textarea" not in html
    assert "/anmelden/?next=%2Ftestziel%2F%23kommentar-formular" in html


def test_signed_in_people_get_the_form_with_a_name_choice(target, citizen):
    html = render(THREAD, target, user=citizen)
    assert 'name="text"' in html and 'type="checkbox"' in html and 'name="show_name"' in html
    assert 'id="kommentar-formular"' in html


def test_where_anonymity_is_off_the_name_is_shown_and_the_form_says_so(target, citizen, switches):
    switches.anonymous_allowed = False
    html = render(THREAD, target, user=citizen)
    assert 'type="checkbox"' not in html
    assert "comments are published with the author" in html


def test_blocked_people_read_but_are_told_why_they_cannot_comment(target, citizen, moderator_user):
    Block.objects.create(user=citizen, reason="Beleidigungen", blocked_by=moderator_user)
    html = render(THREAD, target, user=citizen)
    assert "<textarea" not in html
    assert "blocked from contributing" in html


def test_closed_comments_say_so_and_offer_no_reply_links(target, citizen, switches):
    CommentFactory(on=target)
    switches.comments_open = False
    html = render(THREAD, target, user=citizen)
    assert "<textarea" not in html and "antworten=" not in html
    assert "Comments are not open here at the moment." in html


def test_the_reply_link_opens_the_reply_form_under_that_comment(target, citizen):
    first = CommentFactory(on=target, text="Erster")
    CommentFactory(on=target, text="Zweiter")
    html = render(THREAD, target, user=citizen)
    assert f"?antworten={first.pk}#kommentar-formular" in html
    html = render(THREAD, target, user=citizen, query=f"antworten={first.pk}")
    form_at = html.index('id="kommentar-formular"')
    assert html.index("Erster") < form_at < html.index("Zweiter")
    assert f'name="parent" value="{first.pk}"' in html
    assert html.count('id="kommentar-formular"') == 1
    assert html.count("<textarea") == 2  # the reply and, at the bottom, a new comment


def test_own_comments_can_be_withdrawn_and_every_comment_reported(target, citizen):
    own = CommentFactory(on=target, author=citizen)
    other = CommentFactory(on=target)
    html = render(THREAD, target, user=citizen)
    assert f"/mitreden/beitrag/{own.pk}/zurueckziehen/" in html
    assert f"/mitreden/beitrag/{other.pk}/zurueckziehen/" not in html
    assert html.count("/melden/") == 2


@pytest.mark.parametrize("following", [False, True])
def test_follow_button_posts_follow_or_unfollow(target, citizen, following):
    if following:
        services.follow(target=target, user=citizen)
    html = render(Template("{% load engagement %}{% follow_button obj %}"), target, user=citizen)
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert ("/nicht-mehr-folgen/" in html) is following
    assert ("Stop following" in html) is following


def test_follow_button_asks_visitors_to_sign_in(target):
    html = render(Template("{% load engagement %}{% follow_button obj %}"), target)
    assert "<form" not in html and "/anmelden/?next=" in html


def test_flag_link_points_to_the_report_page(target):
    html = render(Template("{% load engagement %}{% flag_link obj %}"), target)
    assert f"/{target.pk}/melden/" in html


def test_an_unregistered_object_is_refused(citizen):
    from ..registry import UnknownTarget

    with pytest.raises(UnknownTarget):
        render(THREAD, citizen)


def test_moderators_get_a_moderate_link_on_each_comment(target, moderator_user, citizen):
    comment = CommentFactory(on=target)
    link = f"/staff/moderation/inhalt/{address_of(comment)[0]}/{comment.pk}/"
    assert link in render(THREAD, target, user=moderator_user)
    assert link not in render(THREAD, target, user=citizen)
