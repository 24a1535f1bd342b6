"""The shared layout components: navigation, breadcrumbs, language switch, pagination,
tabs, step indicator, messages, and the header's logo and acting-for bar."""

import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from rathaus.core.accounts.organisations import SESSION_KEY
from rathaus.core.accounts.tests.factories import MembershipFactory, UserFactory
from rathaus.core.templatetags.rathaus import pagination_items
from rathaus.core.uploads.models import StoredFile


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def render(template: str, path: str = "/", **context) -> str:
    request = RequestFactory().get(path)
    return Template(template).render(Context({"request": request, **context}))


def page_of(number: int, count: int = 200, per_page: int = 20):
    return Paginator(list(range(count)), per_page).get_page(number)


PAGINATION = '{% include "components/pagination.html" with page=page %}'


def test_pagination_is_left_out_when_everything_fits_on_one_page():
    assert render(PAGINATION, page=page_of(1, count=5)).strip() == ""


def test_pagination_marks_the_current_page_and_links_its_neighbours():
    html = render(PAGINATION, path="/liste/?page=5", page=page_of(5))
    assert '<nav class="rh-pagination" aria-label="Pages">' in html
    assert "Showing 81 to 100 of 200" in html
    current = re.search(r"<a [^>]*aria-current=\"page\"[^>]*>(\d+)</a>", html)
    assert current and current.group(1) == "5"
    assert 'aria-label="Page 5"' in html
    assert 'href="?page=4" rel="prev"' in html
    assert 'href="?page=6" rel="next"' in html
    assert '<span class="kern-sr-only"> page</span>' in html


def test_pagination_links_keep_search_and_filters():
    html = render(PAGINATION, path="/liste/?q=Baum&status=offen&page=2", page=page_of(2))
    assert 'href="?q=Baum&amp;status=offen&amp;page=3"' in html


def test_pagination_can_use_another_query_parameter():
    html = render(
        '{% include "components/pagination.html" with page=page param="seite" %}',
        path="/liste/?seite=2",
        page=page_of(2),
    )
    assert 'href="?seite=3"' in html


def test_first_and_last_page_have_no_link_beyond_them():
    first = render(PAGINATION, page=page_of(1))
    last = render(PAGINATION, page=page_of(10))
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="next"' not in last and 'rel="prev"' in last


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (1, [1, 2, None, 10]),
        (5, [1, None, 4, 5, 6, None, 10]),
        (3, [1, 2, 3, 4, None, 10]),
        (10, [1, None, 9, 10]),
    ],
)
def test_pagination_shows_first_last_and_neighbours_with_gaps(number, expected):
    assert pagination_items(page_of(number)) == expected


def test_pagination_fills_a_gap_of_one_page_instead_of_an_ellipsis():
    assert pagination_items(page_of(4, count=100)) == [1, 2, 3, 4, 5]


def test_tabs_are_links_and_the_current_one_is_marked():
    tabs = [
        {"label": "Overview", "url": "/akte/1/"},
        {"label": "Documents", "url": "/akte/1/dokumente/", "count": 3},
    ]
    html = render(
        '{% include "components/tabs.html" with tabs=tabs label="File" %}',
        path="/akte/1/dokumente/",
        tabs=tabs,
    )
    assert '<nav class="rh-tabs" aria-label="File">' in html
    assert '<a class="rh-tabs__link" href="/akte/1/">Overview</a>' in html
    assert (
        '<a class="rh-tabs__link" href="/akte/1/dokumente/" aria-current="page">Documents'
        ' <span class="rh-tabs__count">(3)</span></a>'
    ) in html


def test_tab_can_be_marked_current_explicitly():
    tabs = [{"label": "Open", "url": "?status=open", "current": True}]
    html = render('{% include "components/tabs.html" with tabs=tabs %}', tabs=tabs)
    assert 'href="?status=open" aria-current="page"' in html


def test_step_indicator_is_an_ordered_list_with_the_current_step_announced():
    steps = [{"label": "Person", "url": "/antrag/1/"}, "Address", "Check"]
    html = render(
        '{% include "components/step_indicator.html" with steps=steps current=2 %}',
        steps=steps,
    )
    assert '<ol class="rh-steps" aria-label="Step 2 of 3">' in html
    assert re.search(
        r'<li class="rh-steps__item rh-steps__item--current" aria-current="step">', html
    )
    assert '<a class="kern-link" href="/antrag/1/">Person</a>' in html
    assert "(completed)" in html
    assert html.count('aria-current="step"') == 1


def test_breadcrumbs_are_an_ordered_list_ending_at_the_current_page(client):
    html = client.get("/impressum/").content.decode()
    nav = re.search(r'<nav class="rh-breadcrumbs" aria-label="[^"]+">(.*?)</nav>', html, re.S)
    assert nav, "the imprint shows breadcrumbs"
    assert '<a class="kern-link" href="/">' in nav.group(1)
    assert '<span aria-current="page">Impressum</span>' in nav.group(1)
    assert "<ol" in nav.group(1)


def test_main_navigation_marks_the_page_being_shown(client):
    html = client.get("/").content.decode()
    assert '<a class="rh-nav__link" href="/" aria-current="page">' in html
    assert 'href="/konto/anmelden/" aria-current' not in html


def test_language_switch_offers_the_other_language_as_a_button_marked_with_its_language(client):
    html = client.get("/impressum/?x=1").content.decode()
    assert '<span class="rh-lang__current" lang="de" aria-current="true">Deutsch</span>' in html
    assert re.search(
        r'<button type="submit" name="language" value="en" class="rh-lang__button" lang="en">'
        r"English</button>",
        html,
    )
    assert '<input type="hidden" name="next" value="/impressum/?x=1">' in html


def test_messages_are_announced_politely_and_errors_assertively():
    messages = [
        Message(constants.SUCCESS, "Saved."),
        Message(constants.ERROR, "Could not save."),
    ]
    html = render('{% include "components/messages.html" %}', messages=messages)
    assert re.search(r'kern-alert--success" role="status">.*?Saved\.', html, re.S)
    assert re.search(r'kern-alert--danger" role="alert">.*?Could not save\.', html, re.S)


def test_header_shows_the_town_logo_with_its_text_alternative(client, town):
    logo = StoredFile.objects.create(
        storage_name="logo/wappen.png",
        original_name="wappen.png",
        content_type="image/png",
        extension="png",
        size=10,
        sha256="0" * 64,
        is_public=True,
    )
    town.logo = logo
    town.coat_of_arms_text = "Wappen der Stadt Weiterstadt"
    town.save()
    html = client.get("/").content.decode()
    assert (
        f'<img class="rh-header__logo" src="/dateien/oeffentlich/{logo.pk}/"'
        ' alt="Wappen der Stadt Weiterstadt">'
    ) in html


def test_header_shows_whom_a_member_acts_for(client):
    membership = MembershipFactory(organisation__name="Bäckerei Sonne GmbH", user=UserFactory())
    client.force_login(membership.user)
    session = client.session
    session[SESSION_KEY] = str(membership.organisation.pk)
    session.save()
    html = client.get("/").content.decode()
    assert "<strong>Bäckerei Sonne GmbH</strong>" in html
    assert 'href="/konto/handeln-fuer/?next=/"' in html
