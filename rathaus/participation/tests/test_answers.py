"""Staff answer proposals officially; the proposer and followers are told; accepted
proposals carry their implementation to the accountability page."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from rathaus.core.audit.models import AuditEntry
from rathaus.participation import exceptions, services
from rathaus.participation.engagement import services as engagement
from rathaus.participation.models import Milestone, Proposal

from .factories import MilestoneFactory, ProposalFactory


def _staff_url(proposal, action=""):
    return f"/staff/beteiligung/{proposal.process.slug}/vorschlaege/{proposal.pk}/{action}"


def test_an_answer_tells_the_proposer_and_the_followers(
    manager_client, process, citizen, other_citizen, outbox
):
    proposal = ProposalFactory(process=process, author=citizen, title="Mehr Bäume")
    engagement.follow(target=proposal, user=citizen)
    engagement.follow(target=proposal, user=other_citizen)
    response = manager_client.post(
        _staff_url(proposal, "antwort/"),
        {"state": "rejected", "answer": "Der Platz ist dafür zu klein."},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.REJECTED and proposal.answered_at
    by_address = {message.to[0]: message for message in outbox}
    assert set(by_address) == {citizen.email, other_citizen.email}
    assert "Mehr Bäume" in by_address[citizen.email].subject
    assert "Der Platz ist dafür zu klein." in by_address[citizen.email].body
    assert "/mitreden/" in by_address[other_citizen.email].body  # one-click unsubscribe
    assert AuditEntry.objects.filter(object_id=str(proposal.pk), action="update").exists()
    public = manager_client.get(f"/beteiligung/{process.slug}/vorschlaege/{proposal.pk}/")
    assert "Official answer: Rejected" in public.content.decode()


def test_an_answer_needs_reasons_and_keeps_the_choice(manager_client, process):
    proposal = ProposalFactory(process=process)
    response = manager_client.post(_staff_url(proposal, "antwort/"), {"state": "accepted"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Please give the reasons for the answer." in page
    assert 'value="accepted" checked' in page or 'value="accepted"\n' in page or "checked" in page
    proposal.refresh_from_db()
    assert proposal.state == Proposal.State.PUBLISHED


def test_only_managers_answer(citizen, process):
    proposal = ProposalFactory(process=process)
    with pytest.raises(exceptions.NotAllowed):
        services.answer_proposal(actor=citizen, proposal=proposal, state="accepted", answer="Ja")


def test_accepted_proposals_get_implementation_and_milestones(manager_client, manager, process):
    client = Client()
    proposal = ProposalFactory(process=process, title="Barrierefreie Wege")
    services.answer_proposal(
        actor=manager, proposal=proposal, state=Proposal.State.ACCEPTED, answer="Gute Idee."
    )
    proposal.refresh_from_db()
    assert proposal.implementation == Proposal.Implementation.NOT_STARTED
    response = manager_client.post(
        _staff_url(proposal, "umsetzung/"),
        {"implementation": "in_progress", "progress": "40", "note": "Planung läuft."},
    )
    assert response.status_code == 302
    today = timezone.localdate()
    manager_client.post(
        _staff_url(proposal, "meilensteine/neu/"),
        {
            "neu-title": "Planung fertig",
            "neu-due_on_0": today.day,
            "neu-due_on_1": today.month,
            "neu-due_on_2": today.year,
        },
    )
    milestone = Milestone.objects.get()
    prefix = f"m{milestone.pk.hex[:8]}"
    manager_client.post(
        _staff_url(proposal, f"meilensteine/{milestone.pk}/"),
        {
            f"{prefix}-title": "Planung fertig",
            f"{prefix}-due_on_0": today.day,
            f"{prefix}-due_on_1": today.month,
            f"{prefix}-due_on_2": today.year,
            f"{prefix}-is_done": "on",
        },
    )
    milestone.refresh_from_db()
    assert milestone.is_done
    page = client.get(f"/beteiligung/{process.slug}/umsetzung/").content.decode()
    assert "Barrierefreie Wege" in page and "Planung fertig" in page
    assert 'value="40"' in page and "Planung läuft." in page
    manager_client.post(_staff_url(proposal, f"meilensteine/{milestone.pk}/loeschen/"))
    assert not Milestone.objects.exists()


def test_progress_must_be_a_percentage(manager_client, process):
    proposal = ProposalFactory(process=process, state=Proposal.State.ACCEPTED)
    response = manager_client.post(
        _staff_url(proposal, "umsetzung/"), {"implementation": "in_progress", "progress": "140"}
    )
    assert response.status_code == 400
    assert 'value="140"' in response.content.decode()


def test_only_accepted_proposals_have_an_implementation(manager, process):
    proposal = ProposalFactory(process=process, state=Proposal.State.REJECTED)
    with pytest.raises(exceptions.NotAccepted):
        services.update_implementation(
            actor=manager, proposal=proposal, implementation="done", progress=100
        )
    with pytest.raises(exceptions.NotAccepted):
        services.add_milestone(
            actor=manager, proposal=proposal, due_on=datetime.date(2026, 1, 1), title="x"
        )


def test_the_accountability_page_lists_only_accepted_visible_proposals(client, process):
    MilestoneFactory(proposal__process=process, proposal__title="Angenommen und sichtbar")
    ProposalFactory(process=process, title="Abgelehnt", state=Proposal.State.REJECTED)
    ProposalFactory(
        process=process, title="Versteckt", state=Proposal.State.ACCEPTED, is_hidden=True
    )
    page = client.get(f"/beteiligung/{process.slug}/umsetzung/").content.decode()
    assert "Angenommen und sichtbar" in page
    assert "Abgelehnt" not in page and "Versteckt" not in page
