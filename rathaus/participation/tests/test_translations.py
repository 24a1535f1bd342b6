"""The participation pages and e-mails speak German by default."""

import pytest
from django.utils import translation

from rathaus.participation import services
from rathaus.participation.models import Proposal

from .factories import ProposalFactory


@pytest.fixture
def german(settings):
    settings.LANGUAGE_CODE = "de"
    with translation.override("de"):
        yield


def test_the_public_pages_are_german(german, client, process):
    proposal = ProposalFactory(process=process, support_count=2)
    process_page = client.get("/beteiligung/marktplatz/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Aktuelle Phase: Vorschläge" in process_page.content.decode()
    index = client.get("/beteiligung/marktplatz/vorschlaege/", HTTP_ACCEPT_LANGUAGE="de")
    text = index.content.decode()
    assert "Filtern und sortieren" in text and "2 Unterstützungen" in text
    page = client.get(
        f"/beteiligung/marktplatz/vorschlaege/{proposal.pk}/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Melden Sie sich an, um diesen Vorschlag zu unterstützen." in page
    listing = client.get("/beteiligung/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Laufende Verfahren" in listing


def test_the_staff_pages_are_german(german, manager_client, process):
    page = manager_client.get("/staff/beteiligung/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Beteiligungsverfahren" in page and "Neues Verfahren" in page
    detail = manager_client.get(
        "/staff/beteiligung/marktplatz/", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Phase hinzufügen" in detail


def test_the_answer_mail_is_german(german, manager, process, citizen, outbox, committed):
    proposal = ProposalFactory(process=process, author=citizen, title="Mehr Bäume")
    with committed():
        services.answer_proposal(
            actor=manager, proposal=proposal, state=Proposal.State.ACCEPTED, answer="Gerne."
        )
    (message,) = outbox
    assert message.subject == "Ihr Vorschlag „Mehr Bäume“ wurde beantwortet"
    assert "angenommen" in message.body.lower()
