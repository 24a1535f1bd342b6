"""A proposal's page carries the comment thread, the report link and the follow button;
comments made there keep the proposal's comment count exact."""

import re

from django.test import Client

from rathaus.participation.engagement.models import Follow
from rathaus.participation.models import Feature, Process

from .factories import ProposalFactory, running_process


def _page(client, proposal) -> str:
    return client.get(
        f"/beteiligung/{proposal.process.slug}/vorschlaege/{proposal.pk}/"
    ).content.decode()


def test_commenting_on_a_proposal_page_counts(citizen_client, process):
    proposal = ProposalFactory(process=process, title="Mehr Bäume")
    page = _page(citizen_client, proposal)
    action = re.search(r'action="(/mitreden/\d+/[^/]+/kommentieren/)"', page)[1]
    response = citizen_client.post(action, {"text": "Gute Idee, bitte Linden!", "show_name": "on"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.comment_count == 1
    page = _page(citizen_client, proposal)
    assert "Gute Idee, bitte Linden!" in page and "Erika Mustermann" in page
    index = citizen_client.get(f"/beteiligung/{process.slug}/vorschlaege/").content.decode()
    assert "1 comment" in index


def test_the_report_link_and_follow_button_are_there(citizen_client, citizen, process):
    proposal = ProposalFactory(process=process)
    page = _page(citizen_client, proposal)
    assert "/melden/" in page
    follow = re.search(r'action="(/mitreden/\d+/[^/]+/folgen/)"', page)[1]
    citizen_client.post(follow, {"next": "/"})
    assert Follow.objects.of(proposal).filter(user=citizen).exists()


def test_a_process_can_be_followed(citizen_client, citizen, process):
    page = citizen_client.get(f"/beteiligung/{process.slug}/").content.decode()
    follow = re.search(r'action="(/mitreden/\d+/[^/]+/folgen/)"', page)[1]
    citizen_client.post(follow, {"next": "/"})
    assert Follow.objects.of(Process.objects.get(pk=process.pk)).filter(user=citizen).exists()


def test_without_the_comments_feature_the_thread_takes_no_comments(citizen_client):
    process = running_process(Feature.PROPOSALS)
    proposal = ProposalFactory(process=process)
    page = _page(citizen_client, proposal)
    assert not re.search(r'action="/mitreden/\d+/[^/]+/kommentieren/"', page)


def test_visitors_see_the_comments_without_signing_in(process, citizen):
    from rathaus.participation.engagement import services as engagement

    proposal = ProposalFactory(process=process)
    engagement.add_comment(author=citizen, target=proposal, text="Öffentlich lesbar")
    assert "Öffentlich lesbar" in _page(Client(), proposal)
