"""The proposals index: filters, sorting, paging, with a constant number of queries and a
light page."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from rathaus.participation.demo import seed_proposals
from rathaus.participation.models import Proposal

from .factories import ProposalFactory

INDEX = "/beteiligung/marktplatz/vorschlaege/"


def _titles(response) -> list[str]:
    return re.findall(
        r'<h3 class="kern-heading-small"><a [^>]*>([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def three(process, citizen):
    now = timezone.now()
    old = ProposalFactory(
        process=process,
        title="Alt",
        created_at=now - datetime.timedelta(days=3),
        support_count=9,
        comment_count=1,
        address="Am Brunnen",
    )
    middle = ProposalFactory(
        process=process,
        title="Mittel",
        created_at=now - datetime.timedelta(days=2),
        support_count=1,
        comment_count=7,
        state=Proposal.State.ACCEPTED,
        author=citizen,
    )
    new = ProposalFactory(
        process=process,
        title="Neu",
        created_at=now - datetime.timedelta(days=1),
        support_count=4,
        comment_count=0,
        state=Proposal.State.REJECTED,
    )
    return old, middle, new


def test_sorting(client, three):
    assert _titles(client.get(INDEX + "?sortierung=newest")) == ["Neu", "Mittel", "Alt"]
    assert _titles(client.get(INDEX + "?sortierung=most_supported")) == ["Alt", "Neu", "Mittel"]
    assert _titles(client.get(INDEX + "?sortierung=most_commented")) == ["Mittel", "Alt", "Neu"]


def test_the_random_order_is_stable_for_a_seed_and_differs_between_seeds(client, process):
    seed_proposals(process, 15)
    first = _titles(client.get(INDEX + "?sortierung=random&seed=17"))
    assert first == _titles(client.get(INDEX + "?sortierung=random&seed=17"))
    others = {
        tuple(_titles(client.get(INDEX + f"?sortierung=random&seed={seed}")))
        for seed in (18, 19, 20)
    }
    assert any(order != tuple(first) for order in others)
    assert sorted(first) == sorted(_titles(client.get(INDEX + "?sortierung=newest")))
    # Without a seed the day's seed is used, and carried into the next page's links.
    page = client.get(INDEX).content.decode()
    assert re.search(r'name="seed" value="\d+"', page)


def test_filters(client, citizen_client, three):
    assert _titles(client.get(INDEX + "?antwort=accepted")) == ["Mittel"]
    assert _titles(client.get(INDEX + "?antwort=published")) == ["Alt"]
    assert _titles(client.get(INDEX + "?ort=mit")) == ["Alt"]
    assert set(_titles(client.get(INDEX + "?ort=ohne"))) == {"Mittel", "Neu"}
    assert _titles(citizen_client.get(INDEX + "?meine=on")) == ["Mittel"]


def test_unknown_filter_values_are_ignored(client, three):
    response = client.get(INDEX + "?antwort=boese&sortierung=%3Cscript%3E&seed=x&page=99")
    assert response.status_code == 200
    assert len(_titles(response)) == 3


def test_hidden_proposals_are_not_listed_nor_shown(client, process):
    hidden = ProposalFactory(process=process, title="Versteckt", is_hidden=True)
    ProposalFactory(process=process, title="Sichtbar")
    assert _titles(client.get(INDEX)) == ["Sichtbar"]
    assert client.get(f"{INDEX}{hidden.pk}/").status_code == 404


def test_pages_of_twenty(client, process):
    seed_proposals(process, 45)
    first = client.get(INDEX + "?sortierung=newest")
    third = client.get(INDEX + "?sortierung=newest&page=3")
    assert len(_titles(first)) == 20 and len(_titles(third)) == 5
    assert "Showing 41 to 45 of 45" in third.content.decode()
    assert "sortierung=newest" in re.search(r'href="([^"]*page=2[^"]*)"', first.content.decode())[1]


@pytest.mark.parametrize("sort", ["random", "newest", "most_supported", "most_commented"])
def test_the_number_of_queries_does_not_grow_with_the_proposals(
    client, citizen, process, django_assert_num_queries, sort
):
    seed_proposals(process, 5)
    ProposalFactory.create_batch(2, process=process, author=citizen, show_name=True)
    client.force_login(citizen)
    url = f"{INDEX}?sortierung={sort}&ort=&antwort=&meine=on"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    # Town, session, account, process, phases, count, the page's ids, its rows, supports,
    # postbox badge, and the session's save.
    assert len(few.captured_queries) <= 13
    seed_proposals(process, 60)
    ProposalFactory.create_batch(3, process=process, author=citizen, show_name=True)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(_titles(response)) == 5
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url.replace("meine=on", "meine="))


def test_the_index_stays_light(client, process):
    ProposalFactory.create_batch(
        20, process=process, show_name=False, text="Ein langer Vorschlag. " * 200
    )
    response = client.get(INDEX)
    assert len(response.content) < 50_000
    assert "<script>" not in response.content.decode().split("</head>")[1]
